package io.axon.deploy.deployer;

import io.axon.deploy.common.cluster.ServiceProcess;
import io.axon.deploy.common.cluster.VertxRuntime;

/** The deployer as its own clustered process. */
public final class DeployerMain {
  private DeployerMain() {
  }

  public static void main(String[] args) {
    ServiceProcess.run("deployer", config -> VertxRuntime.clustered(config.cluster()), DeployerVerticle::deploy,
        config -> "deployer started in cluster '" + config.cluster().name() + "'");
  }
}
