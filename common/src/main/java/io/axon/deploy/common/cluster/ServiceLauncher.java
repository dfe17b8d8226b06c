package io.axon.deploy.common.cluster;

import io.axon.deploy.common.config.AxonConfig;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts one service as its own clustered process, and stops the process if it cannot start. */
public final class ServiceLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceLauncher.class);

  private ServiceLauncher() {
  }

  public static void runClustered(String service, BiFunction<VertxRuntime, AxonConfig, Deployable> verticle) {
    AxonConfig config = AxonConfig.fromEnvironment();
    VertxRuntime.clustered(config.cluster())
        .compose(runtime -> deploy(runtime, config, verticle)
            .recover(failure -> runtime.vertx().close().transform(closed -> Future.failedFuture(failure))))
        .onSuccess(id -> LOG.info("{} started in cluster '{}'", service, config.cluster().name()))
        .onFailure(failure -> {
          LOG.error("{} could not start", service, failure);
          System.exit(1);
        });
  }

  /** Deploys one instance of the verticle per event loop the configuration asks for. */
  public static Future<String> deploy(VertxRuntime runtime, AxonConfig config,
      BiFunction<VertxRuntime, AxonConfig, Deployable> verticle) {
    return runtime.vertx().deployVerticle(() -> verticle.apply(runtime, config),
        new DeploymentOptions().setInstances(config.instances()));
  }
}
