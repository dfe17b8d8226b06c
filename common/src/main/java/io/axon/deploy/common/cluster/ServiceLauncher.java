package io.axon.deploy.common.cluster;

import io.axon.deploy.common.config.AxonConfig;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import java.util.function.Supplier;

/** Starts one service as its own clustered process, and ends the process if it cannot start. */
public final class ServiceLauncher {
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

  /** From a {@code main}: exits with status 1 after one clear line when the service cannot start. */
  public static void runClustered(String name, Service service) {
    ServiceProcess.run(name, config -> VertxRuntime.clustered(config.cluster()),
        (runtime, config) -> deploy(runtime, config, service),
        config -> name + " started in cluster '" + config.cluster().name() + "'");
  }

  /** Prepares the service once, then deploys one verticle instance per event loop the configuration asks for. */
  public static Future<String> deploy(VertxRuntime runtime, AxonConfig config, Service service) {
    return service.prepare(runtime, config).compose(verticle -> runtime.vertx().deployVerticle(verticle,
        new DeploymentOptions().setInstances(config.instances())));
  }
}
