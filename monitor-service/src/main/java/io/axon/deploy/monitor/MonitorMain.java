package io.axon.deploy.monitor;

import io.axon.deploy.common.cluster.ServiceProcess;
import io.axon.deploy.common.cluster.VertxRuntime;

/**
 * The monitor as its own clustered process: the monitor verticle (one instance, see
 * {@link MonitorVerticle#deploy}), then its {@code /health} and {@code /metrics} on
 * {@code AXON_MONITOR_HTTP_PORT}.
 */
public final class MonitorMain {
  private MonitorMain() {
  }

  public static void main(String[] args) {
    ServiceProcess.run("monitor", config -> VertxRuntime.clustered(config.cluster()),
        (runtime, config) -> MonitorVerticle.deploy(runtime, config).compose(id -> MonitorHttpVerticle.deploy(runtime, config)),
        config -> "monitor started in cluster '" + config.cluster().name() + "', /health and /metrics on port "
            + config.monitor().httpPort());
  }
}
