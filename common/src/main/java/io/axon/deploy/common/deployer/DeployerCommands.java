package io.axon.deploy.common.deployer;

/** The actions the deployer answers on {@link io.axon.deploy.common.bus.Addresses#DEPLOYER}. */
public final class DeployerCommands {
  public static final String PING = "ping";
  /** {@code {}} → {@code {items: [environment]}}. */
  public static final String LIST_ENVIRONMENTS = "environment.list";
  /** {@code {environment}} → the environment. */
  public static final String GET_ENVIRONMENT = "environment.get";
  /** {@code {environment, workflow, version, strategy, reason?}} → 202 with the deployment. */
  public static final String CREATE_DEPLOYMENT = "deployment.create";
  /** {@code {id}} → the deployment with its steps. */
  public static final String GET_DEPLOYMENT = "deployment.get";
  /** {@code {environment?, workflow?, status?, limit?, cursor?}} → a page of deployments, newest first. */
  public static final String LIST_DEPLOYMENTS = "deployment.list";
  /** {@code {environment, workflow}} → the routing table. */
  public static final String GET_ROUTING = "routing.get";
  /** {@code {environment, workflow, routes: [{version, weight}], preview?}} → the new revision; audited. */
  public static final String SET_ROUTING = "routing.set";
  /** {@code {}} → {@code {environments: [name], tables: [routing table]}}: what a gateway needs when it starts. */
  public static final String LIST_ROUTING = "routing.list";
  /**
   * {@code {environment, workflow, revision, timeoutMs}} → {@code {environment, workflow, revision,
   * gateways: [gatewayId]}} once every running gateway process routes by that revision or a later one
   * on all of its event loops; a 504 naming the gateways that did not acknowledge it within
   * {@code timeoutMs}.
   */
  public static final String AWAIT_ROUTING = "routing.acknowledged";
  /**
   * {@code {}} → {@code {items: [{gatewayId, startedAt, lastSeen, eventLoops, revisions: [{environment,
   * workflow, revision}]}]}}: the gateway processes running now (heard from within the staleness window).
   */
  public static final String LIST_GATEWAYS = "gateway.list";

  private DeployerCommands() {
  }
}
