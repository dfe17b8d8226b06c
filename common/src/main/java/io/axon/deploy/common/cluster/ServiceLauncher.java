package io.axon.deploy.common.cluster;

import io.axon.deploy.common.config.AxonConfig;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import java.util.function.BiFunction;

/** Starts one service as its own clustered process, and ends the process if it cannot start. */
public final class ServiceLauncher {
  private ServiceLauncher() {
  }

  /** From a {@code main}: exits with status 1 after one clear line when the service cannot start. */
  public static void runClustered(String service, BiFunction<VertxRuntime, AxonConfig, Deployable> verticle) {
    ServiceProcess.run(service, config -> VertxRuntime.clustered(config.cluster()),
        (runtime, config) -> deploy(runtime, config, verticle),
        config -> service + " started in cluster '" + config.cluster().name() + "'");
  }

  /** Deploys one instance of the verticle per event loop the configuration asks for. */
  public static Future<String> deploy(VertxRuntime runtime, AxonConfig config,
      BiFunction<VertxRuntime, AxonConfig, Deployable> verticle) {
    return runtime.vertx().deployVerticle(() -> verticle.apply(runtime, config),
        new DeploymentOptions().setInstances(config.instances()));
  }
}
