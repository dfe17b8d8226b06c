package io.axon.deploy.deployer.deployment;

import io.axon.deploy.common.bus.Command;
import io.axon.deploy.common.bus.CommandDispatcher;
import io.axon.deploy.common.bus.Reply;
import io.axon.deploy.common.db.Changes;
import io.axon.deploy.common.deployer.DeployerCommands;
import io.axon.deploy.common.deployer.DeployerEvents;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.deployer.AuditTrail;
import io.axon.deploy.deployer.approval.Approval;
import io.axon.deploy.deployer.approval.ApprovalRepository;
import io.axon.deploy.deployer.deployment.Deployment.Rollback;
import io.axon.deploy.deployer.environment.Environment;
import io.axon.deploy.deployer.environment.EnvironmentRepository;
import io.axon.deploy.deployer.fleet.Fleet;
import io.axon.deploy.deployer.rollout.RollbackPlan;
import io.axon.deploy.deployer.rollout.RolloutDriver;
import io.axon.deploy.deployer.routing.RoutingRepository;
import io.axon.deploy.deployer.strategy.StepKind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * What a person does to a deployment under way, as with Argo's {@code kubectl argo rollouts}:
 * promote, pause, resume, abort and roll back. Each locks the deployment, checks its status, moves it
 * on with its event, and is audited; the driver then carries on from the new state.
 */
public final class DeploymentControls {
  private static final Set<DeploymentStatus> RUNNING = Set.of(DeploymentStatus.IN_PROGRESS, DeploymentStatus.PAUSED);

  private final Changes changes;
  private final DeploymentRepository deployments;
  private final EnvironmentRepository environments;
  private final ApprovalRepository approvals;
  private final RoutingRepository routing;
  private final Transitions transitions;
  private final Fleet fleet;
  private final AuditTrail audit;
  private final RolloutDriver driver;
  private final Clock clock;

  public DeploymentControls(Changes changes, DeploymentRepository deployments, EnvironmentRepository environments,
      ApprovalRepository approvals, RoutingRepository routing, Transitions transitions, Fleet fleet, AuditTrail audit,
      RolloutDriver driver, Clock clock) {
    this.changes = changes;
    this.deployments = deployments;
    this.environments = environments;
    this.approvals = approvals;
    this.routing = routing;
    this.transitions = transitions;
    this.fleet = fleet;
    this.audit = audit;
    this.driver = driver;
    this.clock = clock;
  }

  public void register(CommandDispatcher dispatcher) {
    dispatcher
        .onChange(DeployerCommands.PROMOTE_DEPLOYMENT, command -> control(command, "promote", this::promote))
        .onChange(DeployerCommands.PAUSE_DEPLOYMENT, command -> control(command, "pause", this::pause))
        .onChange(DeployerCommands.RESUME_DEPLOYMENT, command -> control(command, "resume", this::resume))
        .onChange(DeployerCommands.ABORT_DEPLOYMENT, command -> control(command, "abort", this::abort))
        .onChange(DeployerCommands.ROLLBACK_DEPLOYMENT, this::rollback);
  }

  /** Runs {@code change} on the locked deployment, then records the control and answers with the deployment. */
  private Future<Reply> control(Command command, String action,
      BiFunction<SqlConnection, Context, Future<Void>> change) {
    String id = String.valueOf(command.body().getValue("id"));
    return changes.run(command, tx -> deployments.lock(tx, id)
            .map(found -> found.orElseThrow(() -> Problem.notFound("deployment '" + id + "' does not exist")))
            .compose(deployment -> change.apply(tx, new Context(command, deployment))
                .compose(v -> recorded(tx, command, deployment, action, command.body()))
                .compose(v -> deployments.find(tx, id))
                .compose(after -> routing.find(tx, deployment.environment(), deployment.workflow())
                    .map(table -> Reply.ok(after.orElseThrow().toJson(table))))))
        .onSuccess(reply -> driver.drive(id));
  }

  private record Context(Command command, Deployment deployment) {
  }

  /** A waiting pause is done; with {@code full}, every pause and weight step before the switch too. */
  private Future<Void> promote(SqlConnection tx, Context context) {
    Deployment deployment = requireStatus(context.deployment(), RUNNING, "promote");
    Object full = context.command().body().getValue("full");
    if (full != null && !(full instanceof Boolean)) {
      throw Problem.at(ProblemType.MALFORMED, "/full", "full is true or false");
    }
    List<Step> skipped = Boolean.TRUE.equals(full)
        ? deployment.steps().stream().filter(step -> !step.done()
            && (step.kind() == StepKind.PAUSE || step.kind() == StepKind.SET_WEIGHT)).toList()
        : deployment.nextStep().filter(step -> step.kind() == StepKind.PAUSE).stream().toList();
    if (skipped.isEmpty()) {
      throw Problem.conflict("nothing waits for a promote: step " + deployment.nextStep().map(s -> s.seq() + " ("
          + s.name() + ")").orElse("-") + " is under way; promote with {\"full\": true} to skip to the end");
    }
    return Future.all(skipped.stream().map(step -> deployments.moveStep(tx, deployment.id(), step.seq(), step.status(),
            Step.Status.SKIPPED, new JsonObject().put("promotedBy", context.command().requireActor().user()))).toList())
        .compose(v -> deployment.status() == DeploymentStatus.PAUSED
            ? transitions.move(tx, deployment, DeploymentStatus.IN_PROGRESS, Optional.of("promoted"))
            : Future.succeededFuture());
  }

  private Future<Void> pause(SqlConnection tx, Context context) {
    Deployment deployment = requireStatus(context.deployment(), Set.of(DeploymentStatus.IN_PROGRESS), "pause");
    return transitions.move(tx, deployment, DeploymentStatus.PAUSED,
        Optional.of("paused by " + context.command().requireActor().user()));
  }

  /** Paused at a pause without a duration, a resume is a promote: the pause is done. */
  private Future<Void> resume(SqlConnection tx, Context context) {
    Deployment deployment = requireStatus(context.deployment(), Set.of(DeploymentStatus.PAUSED), "resume");
    Optional<Step> held = deployment.nextStep()
        .filter(step -> step.kind() == StepKind.PAUSE && !step.detail().containsKey("duration"));
    return held.map(step -> deployments.moveStep(tx, deployment.id(), step.seq(), step.status(), Step.Status.SKIPPED,
            new JsonObject().put("resumedBy", context.command().requireActor().user())).<Void>mapEmpty())
        .orElse(Future.succeededFuture())
        .compose(v -> transitions.move(tx, deployment, DeploymentStatus.IN_PROGRESS,
            Optional.of("resumed by " + context.command().requireActor().user())));
  }

  /** Before it started, an abort just ends it; under way, its traffic goes back first. */
  private Future<Void> abort(SqlConnection tx, Context context) {
    Deployment deployment = requireStatus(context.deployment(), Set.of(DeploymentStatus.PENDING_APPROVAL,
        DeploymentStatus.SCHEDULED, DeploymentStatus.IN_PROGRESS, DeploymentStatus.PAUSED), "abort");
    String why = Reasons.abortedBy(context.command().requireActor().user(),
        Optional.ofNullable(context.command().body().getString("reason")));
    if (!RUNNING.contains(deployment.status())) {
      return approvals.closeFor(tx, deployment.id()).compose(v -> transitions.move(tx, deployment,
          DeploymentStatus.ABORTED, Optional.of(why)));
    }
    return transitions.rollBack(tx, deployment, new Rollback(deployment.previousVersion(), DeploymentStatus.ABORTED), why,
        RollbackPlan.of(deployment));
  }

  /**
   * Rolls back to {@code targetVersion}, or to the version the deployment replaced: a deployment
   * under way, or the one that succeeded last and still holds the traffic. Where the rollback policy
   * asks for approval, the answer is the approval the rollback waits for.
   */
  private Future<Reply> rollback(Command command) {
    String id = String.valueOf(command.body().getValue("id"));
    Optional<String> asked = DeploymentRequest.targetVersion(command.body());
    String reason = DeploymentRequest.text(command.body(), "reason", false);
    String why = Reasons.rolledBackBy(command.requireActor().user(), Optional.ofNullable(reason));
    return deployments.find(id)
        .map(found -> found.orElseThrow(() -> Problem.notFound("deployment '" + id + "' does not exist")))
        .compose(deployment -> {
          String target = rollbackTarget(deployment, asked);
          return Future.all(environments.require(deployment.environment()), fleet.deployable(deployment.workflow(), target))
              .compose(checked -> changes.run(command, tx -> deployments.lock(tx, id).compose(locked -> {
                Deployment current = requireStatus(locked.orElseThrow(), Set.of(DeploymentStatus.IN_PROGRESS,
                    DeploymentStatus.PAUSED, DeploymentStatus.SUCCEEDED), "roll back");
                Environment environment = checked.resultAt(0);
                Future<Void> live = current.status() == DeploymentStatus.SUCCEEDED ? requireLive(tx, current)
                    : Future.succeededFuture();
                return live.compose(v -> environment.rollbackNeedsApproval()
                    ? requestApproval(tx, command, current, environment, target, why)
                    : startRollback(tx, command, current, target, why));
              })));
        })
        .onSuccess(reply -> driver.drive(id));
  }

  private static String rollbackTarget(Deployment deployment, Optional<String> asked) {
    String target = asked.or(deployment::previousVersion).orElseThrow(() -> Problem.conflict("deployment "
        + deployment.id() + " replaced nothing: there is no version to roll back to; name one with targetVersion"));
    if (SemanticVersion.parse(target).equals(SemanticVersion.parse(deployment.version()))) {
      throw Problem.at(ProblemType.UNPROCESSABLE, "/targetVersion", "the target is the version being rolled back");
    }
    return target;
  }

  private Future<Reply> requestApproval(SqlConnection tx, Command command, Deployment deployment, Environment environment,
      String target, String why) {
    return approvals.open(tx, deployment.id(), Approval.Action.ROLLBACK, 1, command.requireActor().user(),
            new JsonObject().put("targetVersion", target).put("reason", why),
            clock.instant().plusMillis(environment.approvalExpiry()))
        .compose(approval -> transitions.event(tx, deployment, DeployerEvents.APPROVAL_REQUESTED,
                approval.toJson().put("approvalId", approval.id()))
            .compose(v -> recorded(tx, command, deployment, "rollback.request", command.body()))
            .map(v -> new Reply(202, Map.of("Location", "/api/v1/approvals/" + approval.id()),
                new JsonObject().put("approval", approval.toJson()))));
  }

  private Future<Reply> startRollback(SqlConnection tx, Command command, Deployment deployment, String target,
      String why) {
    return transitions.rollBack(tx, deployment, new Rollback(Optional.of(target), DeploymentStatus.ROLLED_BACK), why,
            RollbackPlan.of(deployment))
        .compose(v -> recorded(tx, command, deployment, "rollback", command.body()))
        .compose(v -> deployments.find(tx, deployment.id()))
        .map(after -> new Reply(202, Map.of(), after.orElseThrow().toJson(Optional.empty())));
  }

  /** A deployment that succeeded can be rolled back while it still holds its workflow's traffic. */
  private Future<Void> requireLive(SqlConnection tx, Deployment deployment) {
    return routing.find(tx, deployment.environment(), deployment.workflow()).map(table -> {
      boolean live = table.stream().flatMap(t -> t.live().stream())
          .anyMatch(route -> route.deploymentId().equals(Optional.of(deployment.id())));
      if (!live) {
        throw Problem.conflict("deployment " + deployment.id() + " no longer holds the traffic of " + deployment.workflow()
            + " in " + deployment.environment() + "; roll back the deployment that does");
      }
      return null;
    });
  }

  private Future<Void> recorded(SqlConnection tx, Command command, Deployment deployment, String action, JsonObject body) {
    JsonObject details = body.copy();
    details.remove("id");
    return transitions.event(tx, deployment, DeployerEvents.DEPLOYMENT_CONTROLLED, new JsonObject().put("control", action)
            .put("by", command.requireActor().user()).put("details", details))
        .compose(v -> audit.append(tx, command, "deployment." + action + ":" + deployment.id() + ":" + command.requestId(),
            "deployment." + action, deployment.subject(), details));
  }

  private static Deployment requireStatus(Deployment deployment, Set<DeploymentStatus> allowed, String what) {
    if (!allowed.contains(deployment.status())) {
      throw Problem.conflict("cannot " + what + " deployment " + deployment.id() + ": it is " + deployment.status().wire());
    }
    return deployment;
  }
}
