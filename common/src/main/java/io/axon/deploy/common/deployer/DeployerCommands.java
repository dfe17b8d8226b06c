package io.axon.deploy.common.deployer;

/** The actions the deployer answers on {@link io.axon.deploy.common.bus.Addresses#DEPLOYER}. */
public final class DeployerCommands {
  public static final String PING = "ping";
  /** {@code {}} → {@code {items: [environment]}}. */
  public static final String LIST_ENVIRONMENTS = "environment.list";
  /** {@code {environment}} → the environment. */
  public static final String GET_ENVIRONMENT = "environment.get";
  /**
   * {@code {environment, ifMatch, representation}} → the environment with its new {@code ETag}; admin
   * only at the gateway, audited. {@code ifMatch} is required (428 without it, 412 when stale).
   */
  public static final String UPDATE_ENVIRONMENT = "environment.update";
  /** {@code {representation}} → {@code {errors: [{path, message}]}}: the rules it breaks, nothing changed. */
  public static final String CHECK_ENVIRONMENT = "environment.check";
  /** {@code {environment, workflow, version, strategy, reason?}} → 202 with the deployment. */
  public static final String CREATE_DEPLOYMENT = "deployment.create";
  /** {@code {id}} → the deployment with its steps. */
  public static final String GET_DEPLOYMENT = "deployment.get";
  /** {@code {environment?, workflow?, status?, limit?, cursor?}} → a page of deployments, newest first. */
  public static final String LIST_DEPLOYMENTS = "deployment.list";
  /**
   * {@code {workflow, version?, environment?}} → {@code {items: [deployment], truncated}}: the
   * deployments of a workflow (of one version, in one environment, when given), newest first, without
   * their steps and traffic, at most {@link #HISTORY_LIMIT} ({@code truncated} says there were more).
   * Each carries what analytics need: {@code status}, {@code environment}, {@code startedAt},
   * {@code finishedAt}, {@code previousVersion} and {@code rollback} (with its {@code trigger} for an
   * automatic one). 400 without a workflow.
   */
  public static final String DEPLOYMENT_HISTORY = "deployment.history";
  /** The most deployments {@link #DEPLOYMENT_HISTORY} answers with. */
  public static final int HISTORY_LIMIT = 1000;
  /**
   * {@code {workflow, version, from, to, strategy?}} → 202 with {@code {deployment}}: a deployment into
   * {@code to} (whose promotion source {@code from} must be), ending with the version's smoke tests there.
   */
  public static final String PROMOTE = "promotion.create";
  /** {@code {id, full?}} → the deployment: a waiting pause is done ({@code full}: every pause and weight step up to the switch). */
  public static final String PROMOTE_DEPLOYMENT = "deployment.promote";
  /** {@code {id}} → the deployment, paused (its deadline stops). */
  public static final String PAUSE_DEPLOYMENT = "deployment.pause";
  /** {@code {id}} → the deployment, in progress again. */
  public static final String RESUME_DEPLOYMENT = "deployment.resume";
  /** {@code {id, reason?}} → the deployment, rolling its traffic back to end aborted. */
  public static final String ABORT_DEPLOYMENT = "deployment.abort";
  /** {@code {id, targetVersion?, reason}} → the deployment rolling back, or the approval the rollback waits for. */
  public static final String ROLLBACK_DEPLOYMENT = "deployment.rollback";
  /**
   * {@code {environment, workflow, reason, targetVersion?}} → 202 with {@code {deployment, stopped: [ids],
   * targetVersion}}: every deployment of the workflow under way in the environment ends aborted, and a
   * new deployment ({@code strategy.emergency: true}) sends all traffic to {@code targetVersion}, or else
   * to the version live before the deployment stopped, or else to the one the live deployment replaced,
   * then checks that executions succeed again. It skips windows, freezes, approvals and the
   * environment's limit of deployments under way: a 404 for an unknown environment, workflow or
   * version, a 422 for an archived one, a 409 when there is no version to go back to.
   */
  public static final String EMERGENCY_ROLLBACK = "deployment.emergency-rollback";
  /**
   * {@code {id}} → {@code {deploymentId, status, cause: {kind, summary}, evidence: [...], nextActions:
   * [...]}}: why the deployment failed, rolled back or was aborted, read from its steps, its failure and
   * the rollback trigger that fired ({@code kind} {@code none} for one that went well or still runs).
   */
  public static final String DIAGNOSE_DEPLOYMENT = "deployment.diagnose";
  /** {@code {status?, limit?, cursor?}} → a page of approvals, newest first. */
  public static final String LIST_APPROVALS = "approval.list";
  /** {@code {id, comment?}} → the approval with the vote counted. */
  public static final String APPROVE = "approval.approve";
  /** {@code {id, comment?}} → the approval, rejected. */
  public static final String REJECT = "approval.reject";
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

  /**
   * {@code {}} → {@code {items: [WatchedDeployment]}}: the deployments the monitor judges against
   * their environments' rollback triggers now (under way, or succeeded within the policy's timeout
   * and still live), each with its triggers.
   */
  public static final String WATCHED_DEPLOYMENTS = "deployment.watched";
  /**
   * {@code {id, trigger: {type, threshold, duration, minSamples, metric?, observed, baseline?, pValue?,
   * summary}}}, sent by the monitor → 202 with the deployment rolling back by its strategy's own
   * rollback, the trigger recorded; a 409 when it is no longer under way (or no longer live).
   */
  public static final String AUTOMATIC_ROLLBACK = "deployment.rollback.automatic";

  private DeployerCommands() {
  }
}
