package io.axon.deploy.registry;

import io.axon.deploy.common.cluster.ServiceLauncher;

/** The registry as its own clustered process. */
public final class RegistryMain {
  private RegistryMain() {
  }

  public static void main(String[] args) {
    ServiceLauncher.runClustered("registry", RegistryVerticle::prepare);
  }
}
