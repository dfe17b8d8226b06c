package io.axon.deploy.gateway;

import io.axon.deploy.common.cluster.ServiceLauncher;

/** The gateway as its own clustered process. */
public final class GatewayMain {
  private GatewayMain() {
  }

  public static void main(String[] args) {
    ServiceLauncher.runClustered("gateway", GatewayVerticle::prepare);
  }
}
