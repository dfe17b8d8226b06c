package io.axon.deploy.common.gateway;

/**
 * What each gateway process publishes on {@link #ADDRESS} about itself (CloudEvents whose subject is
 * {@code gateways/{gatewayId}}): that it runs and which routing revisions every one of its event loops
 * routes by, so that the deployer knows when a revision it wrote is in force everywhere.
 */
public final class GatewayEvents {
  public static final String ADDRESS = "axon.events.gateway";
  /**
   * Every second or so while the gateway runs; its data is a {@link GatewayHeartbeat}: the highest
   * revision of each routing table that all of its event loops have applied.
   */
  public static final String HEARTBEAT = "axon.gateway.heartbeat";
  /**
   * At once when every event loop of the gateway has applied a new revision of one table; its data is
   * {@code {gatewayId, environment, workflow, revision}} ({@link RoutingRevision} plus the gateway).
   */
  public static final String ACKNOWLEDGED = "axon.gateway.routing-acknowledged";
  /** The gateway stops routing (its event loops are undeployed); its data is {@code {gatewayId}}. */
  public static final String STOPPED = "axon.gateway.stopped";
  public static final String SOURCE = "gateway";

  private GatewayEvents() {
  }

  public static String subject(String gatewayId) {
    return "gateways/" + gatewayId;
  }
}
