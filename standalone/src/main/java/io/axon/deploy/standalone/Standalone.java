package io.axon.deploy.standalone;

import io.axon.deploy.common.cluster.ServiceLauncher;
import io.axon.deploy.common.cluster.VertxRuntime;
import io.axon.deploy.common.config.AxonConfig;
import io.axon.deploy.gateway.GatewayVerticle;
import io.axon.deploy.registry.RegistryVerticle;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every service of the suite in one process, on one local event bus. */
public final class Standalone {
  private static final Logger LOG = LoggerFactory.getLogger(Standalone.class);
  private Standalone() {
  }

  /** A new local runtime with the suite deployed; closed again when the suite cannot start. */
  public static Future<VertxRuntime> start(AxonConfig config) {
    return VertxRuntime.local().compose(runtime -> deploy(runtime, config)
        .map(runtime)
        .recover(failure -> {
          LOG.debug("the suite could not start", failure);
          return runtime.vertx().close().transform(closed -> Future.failedFuture(failure));
        }));
  }

  /** Deploys the services, then the gateway, whose readiness depends on them. */
  public static Future<String> deploy(VertxRuntime runtime, AxonConfig config) {
    return ServiceLauncher.deploy(runtime, config, RegistryVerticle::prepare)
        .compose(id -> ServiceLauncher.deploy(runtime, config, GatewayVerticle::prepare));
  }
}
