package io.axon.deploy.common.cluster;

import io.axon.deploy.common.config.AxonConfig;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts one service as its own clustered process, and stops the process if it cannot start. */
public final class ServiceLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceLauncher.class);

  /**
   * A service as a process starts it: what the process does once (migrate its schema, load its
   * keys), then the verticle it runs on each event loop, sharing what was prepared.
   */
  @FunctionalInterface
  public interface Service {
    Future<Supplier<Deployable>> prepare(VertxRuntime runtime, AxonConfig config);
  }

  private ServiceLauncher() {
  }

  public static void runClustered(String name, Service service) {
    AxonConfig config = AxonConfig.fromEnvironment();
    VertxRuntime.clustered(config.cluster())
        .compose(runtime -> deploy(runtime, config, service)
            .recover(failure -> runtime.vertx().close().transform(closed -> Future.failedFuture(failure))))
        .onSuccess(id -> LOG.info("{} started in cluster '{}'", name, config.cluster().name()))
        .onFailure(failure -> {
          LOG.error("{} could not start", name, failure);
          System.exit(1);
        });
  }

  /** Prepares the service once, then deploys one verticle instance per event loop the configuration asks for. */
  public static Future<String> deploy(VertxRuntime runtime, AxonConfig config, Service service) {
    return service.prepare(runtime, config).compose(verticle -> runtime.vertx().deployVerticle(verticle,
        new DeploymentOptions().setInstances(config.instances())));
  }
}
