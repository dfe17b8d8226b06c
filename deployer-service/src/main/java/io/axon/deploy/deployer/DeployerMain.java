package io.axon.deploy.deployer;

import io.axon.deploy.common.cluster.ServiceLauncher;

/** The deployer as its own clustered process. */
public final class DeployerMain {
  private DeployerMain() {
  }

  public static void main(String[] args) {
    ServiceLauncher.runClustered("deployer", DeployerVerticle::prepare);
  }
}
