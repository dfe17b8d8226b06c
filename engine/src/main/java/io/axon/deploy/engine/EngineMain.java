package io.axon.deploy.engine;

import io.axon.deploy.common.cluster.ServiceProcess;
import io.axon.deploy.common.cluster.VertxRuntime;

/** One reference engine instance as its own clustered process, announced in the cluster's service discovery. */
public final class EngineMain {
  private EngineMain() {
  }

  public static void main(String[] args) {
    ServiceProcess.run("engine", config -> VertxRuntime.clustered(config.cluster()),
        (runtime, config) -> Engines.start(runtime.vertx(), EngineSettings.of(config)),
        config -> "engine " + config.engine().environment() + " started on port " + config.engine().port()
            + " in cluster '" + config.cluster().name() + "'");
  }
}
