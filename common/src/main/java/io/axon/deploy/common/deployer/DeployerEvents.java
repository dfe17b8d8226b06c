package io.axon.deploy.common.deployer;

/**
 * What the deployer publishes on {@link #ADDRESS}, through its outbox (DESIGN §4): CloudEvents whose
 * subject is {@code deployments/{id}}, {@code environments/{env}} or
 * {@code environments/{env}/workflows/{key}/routing}.
 */
public final class DeployerEvents {
  public static final String ADDRESS = "axon.events.deployer";
  /** A new routing table revision; its data is the whole table ({@link io.axon.deploy.common.routing.RoutingTable}). */
  public static final String ROUTING_REVISED = "axon.routing.revised";
  /**
   * Each {@link #ROUTING_REVISED} event again, published by the deployer the moment the transaction
   * that wrote the revision commits, ahead of the outbox relay (the same event, with the same id): the
   * gateways' fast lane, which spares a routing change the relay's wait and transaction. The event on
   * {@link #ADDRESS} stays the record (at least once, in order); a gateway applies the newer revision of
   * whichever reaches it first.
   */
  public static final String ROUTING_ADDRESS = "axon.events.deployer.routing";
  /** A deployment's status changed; its data is the deployment. */
  public static final String DEPLOYMENT_STATUS_CHANGED = "axon.deployment.status-changed";
  public static final String STEP_STARTED = "axon.deployment.step.started";
  public static final String STEP_COMPLETED = "axon.deployment.step.completed";
  public static final String STEP_FAILED = "axon.deployment.step.failed";
  /** A person moved a deployment on: promoted, paused, resumed, aborted or asked for its rollback. */
  public static final String DEPLOYMENT_CONTROLLED = "axon.deployment.controlled";
  /**
   * An emergency rollback: its data names the new deployment, the deployments it stopped ({@code stopped}),
   * the {@code targetVersion}, who asked ({@code by}) and why ({@code reason}).
   */
  public static final String EMERGENCY_ROLLBACK = "axon.deployment.emergency-rollback";
  /** A rollback trigger fired and the deployment rolls back: data carries {@code trigger} with the numbers that fired it. */
  public static final String ROLLBACK_TRIGGERED = "axon.deployment.rollback.triggered";
  public static final String APPROVAL_REQUESTED = "axon.approval.requested";
  public static final String APPROVAL_VOTED = "axon.approval.voted";
  public static final String APPROVAL_DECIDED = "axon.approval.decided";
  /** An environment was replaced by {@code PUT}; its data is the environment (secrets shown as set, never their values). */
  public static final String ENVIRONMENT_UPDATED = "axon.environment.updated";

  private DeployerEvents() {
  }

  public static String environmentSubject(String environment) {
    return "environments/" + environment;
  }

  public static String routingSubject(String environment, String workflow) {
    return "environments/" + environment + "/workflows/" + workflow + "/routing";
  }
}
