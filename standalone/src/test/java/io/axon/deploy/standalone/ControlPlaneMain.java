package io.axon.deploy.standalone;

import io.axon.deploy.common.cluster.ServiceLauncher;
import io.axon.deploy.common.cluster.ServiceProcess;
import io.axon.deploy.common.cluster.VertxRuntime;
import io.axon.deploy.engine.EngineSettings;
import io.axon.deploy.engine.Engines;
import io.axon.deploy.gateway.GatewayVerticle;
import io.axon.deploy.monitor.MonitorVerticle;
import io.axon.deploy.registry.RegistryVerticle;
import io.vertx.core.Future;

/**
 * For tests that kill deployers: what they leave alone in one clustered process instead of four
 * (the machine has two cores), the registry, the monitor, the gateway, and then
 * {@code AXON_ENGINES_PER_ENVIRONMENT} engine instances of development on free ports. The deployer
 * runs as its own process beside it ({@code DeployerMain}), and talks to all of these over the
 * clustered event bus and HTTP only, as in docker-compose.yml.
 */
final class ControlPlaneMain {
  private ControlPlaneMain() {
  }

  public static void main(String[] args) {
    ServiceProcess.run("control plane", config -> VertxRuntime.clustered(config.cluster()),
        (runtime, config) -> {
          Future<?> started = ServiceLauncher.deploy(runtime, config, RegistryVerticle::prepare)
              .compose(id -> MonitorVerticle.deploy(runtime, config))
              .compose(id -> ServiceLauncher.deploy(runtime, config, GatewayVerticle::prepare));
          for (int i = 0; i < config.engine().perEnvironment(); i++) {
            EngineSettings engine = EngineSettings.standalone(config, "development", i, i);
            started = started.compose(v -> Engines.start(runtime.vertx(), engine));
          }
          return started;
        },
        config -> "control plane started in cluster '" + config.cluster().name() + "'");
  }
}
