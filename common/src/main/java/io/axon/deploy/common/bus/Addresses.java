package io.axon.deploy.common.bus;

/** Event-bus addresses: one request/reply address per service, {@code axon.events.*} for publications. */
public final class Addresses {
  public static final String REGISTRY = "axon.registry";
  public static final String DEPLOYER = "axon.deployer";
  public static final String MONITOR = "axon.monitor";
  public static final String EVENTS_PREFIX = "axon.events.";

  private Addresses() {
  }
}
