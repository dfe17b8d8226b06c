package io.axon.deploy.deployer.deployment;

import io.axon.deploy.common.bus.Command;
import io.axon.deploy.common.bus.CommandDispatcher;
import io.axon.deploy.common.bus.Reply;
import io.axon.deploy.common.db.Changes;
import io.axon.deploy.common.deployer.DeployerCommands;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.paging.PageRequest;
import io.axon.deploy.deployer.AuditTrail;
import io.axon.deploy.deployer.approval.Approval;
import io.axon.deploy.deployer.approval.ApprovalRepository;
import io.axon.deploy.deployer.deployment.Admission.Admitted;
import io.axon.deploy.deployer.deployment.Deployment.Timing;
import io.axon.deploy.deployer.environment.Environment;
import io.axon.deploy.deployer.environment.EnvironmentRepository;
import io.axon.deploy.deployer.rollout.RolloutDriver;
import io.axon.deploy.deployer.rollout.Traffic;
import io.axon.deploy.deployer.routing.RoutingRepository;
import io.axon.deploy.deployer.strategy.PlannedStep;
import io.axon.deploy.deployer.strategy.StepKind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Starts deployments (admission, then a persisted plan the driver carries out, behind an approval
 * and a deployment window where the environment asks for them) and reads them back.
 */
public final class DeploymentCommands {
  private final Changes changes;
  private final EnvironmentRepository environments;
  private final DeploymentRepository deployments;
  private final RoutingRepository routing;
  private final ApprovalRepository approvals;
  private final Admission admission;
  private final Transitions transitions;
  private final Gate gate;
  private final AuditTrail audit;
  private final RolloutDriver driver;
  private final Clock clock;

  public DeploymentCommands(Changes changes, EnvironmentRepository environments, DeploymentRepository deployments,
      RoutingRepository routing, ApprovalRepository approvals, Admission admission, Transitions transitions, Gate gate,
      AuditTrail audit, RolloutDriver driver, Clock clock) {
    this.changes = changes;
    this.environments = environments;
    this.deployments = deployments;
    this.routing = routing;
    this.approvals = approvals;
    this.admission = admission;
    this.transitions = transitions;
    this.gate = gate;
    this.audit = audit;
    this.driver = driver;
    this.clock = clock;
  }

  public void register(CommandDispatcher dispatcher) {
    dispatcher
        .onChange(DeployerCommands.CREATE_DEPLOYMENT, this::create)
        .onChange(DeployerCommands.PROMOTE, this::promote)
        .on(DeployerCommands.GET_DEPLOYMENT, this::get)
        .on(DeployerCommands.LIST_DEPLOYMENTS, this::list)
        .on(DeployerCommands.DEPLOYMENT_HISTORY, this::history);
  }

  private Future<Reply> create(Command command) {
    DeploymentRequest request = DeploymentRequest.of(command.body());
    return environments.require(request.environment())
        .compose(environment -> admission.admit(environment, request)
            .compose(admitted -> changes.run(command, tx -> start(tx, command, request, environment, admitted))))
        .recover(DeploymentCommands::overLimit)
        .onSuccess(reply -> driver.drive(reply.json().getString("id")));
  }

  /**
   * A promotion: {@code to}'s promotion source must be {@code from}; the deployment is admitted and
   * approved as any other, and ends with the version's smoke tests against {@code to} (failing, it
   * rolls back and says why).
   */
  private Future<Reply> promote(Command command) {
    JsonObject body = command.body();
    String from = DeploymentRequest.text(body, "from", true);
    String to = DeploymentRequest.text(body, "to", true);
    String workflow = DeploymentRequest.text(body, "workflow", true);
    String version = DeploymentRequest.text(body, "version", true);
    return Future.all(environments.require(from), environments.require(to)).compose(both -> {
      Environment target = both.resultAt(1);
      if (!target.promotionSource().equals(Optional.of(from))) {
        throw Problem.at(ProblemType.UNPROCESSABLE, "/to", to + " is promoted to from "
            + target.promotionSource().orElse("no environment") + ", not from " + from);
      }
      return deployments.succeededWith(from, workflow, version);
    }).compose(strategy -> {
      DeploymentRequest request = DeploymentRequest.promotion(body,
          strategy.orElse(io.axon.deploy.deployer.strategy.ImmediateStrategy.INSTANCE));
      return environments.require(to).compose(target -> admission.admit(target, request)
          .compose(admitted -> changes.run(command, tx -> start(tx, command, request, target, admitted))))
          .recover(DeploymentCommands::overLimit)
          .map(reply -> new Reply(reply.status(), reply.headers(), new JsonObject().put("deployment", reply.json())));
    }).onSuccess(reply -> driver.drive(reply.json().getJsonObject("deployment").getString("id")));
  }

  /**
   * Writes the deployment, its plan, its first event and its audit record in one transaction,
   * superseding the running one when asked. The environment's limit is checked here, and again
   * at commit by the database, for two that race for its last place.
   */
  private Future<Reply> start(SqlConnection tx, Command command, DeploymentRequest request, Environment environment,
      Admitted admitted) {
    String id = UUID.randomUUID().toString();
    return deployments.activeOf(tx, environment.name(), request.workflow())
        .compose(running -> supersede(tx, running, request, id)
            .compose(v -> deployments.countActive(tx, environment.name()))
            .compose(active -> {
              if (active >= environment.maxConcurrentDeployments()) {
                return Future.failedFuture(Problem.conflict(environment.name() + " has " + active
                    + " deployments under way, its maximum (maxConcurrentDeployments); wait for one to end"));
              }
              return routing.find(tx, environment.name(), request.workflow());
            })
            .compose(table -> {
              Optional<String> previous = table.flatMap(t -> Traffic.stable(t, running.map(Deployment::id)))
                  .map(route -> route.version().toString());
              DeploymentStatus status = environment.requiresApproval() ? DeploymentStatus.PENDING_APPROVAL
                  : gate.statusNow(environment);
              List<PlannedStep> plan = new ArrayList<>(request.strategy().plan(admitted.instances()));
              if (request.promotion()) {
                plan.add(PlannedStep.of(StepKind.SMOKE_TESTS));
              }
              List<Step> steps = Step.pending(plan);
              long deadline = request.strategy().maxDuration().orElse(environment.progressDeadline());
              Deployment deployment = new Deployment(id, request.workflow(), admitted.version(), environment.name(),
                  request.strategy(), status, previous, request.reason(), Optional.empty(), Optional.empty(),
                  command.requireActor().user(),
                  clock.instant(), Optional.empty(), Optional.empty(), new Timing(deadline, Optional.empty(),
                      Optional.empty()), Optional.empty(), steps);
              return deployments.insert(tx, deployment)
                  .recover(failure -> Future.failedFuture(isUniqueViolation(failure)
                      ? Problem.conflict("a deployment of " + request.workflow() + " is already under way in "
                          + environment.name() + "; wait for it to end, or ask to supersede it")
                      : failure))
                  .compose(inserted -> transitions.created(tx, deployment))
                  .compose(created -> status == DeploymentStatus.PENDING_APPROVAL
                      ? requestApproval(tx, deployment, environment) : Future.succeededFuture())
                  .compose(approval -> audit(tx, command, deployment))
                  .map(audited -> new Reply(202, Map.of("Location", "/api/v1/deployments/" + id),
                      deployment.toJson(table)));
            }));
  }

  /** The deployment under way is superseded, when the request asks for it; a 409 saying so otherwise. */
  private Future<Void> supersede(SqlConnection tx, Optional<Deployment> running, DeploymentRequest request, String by) {
    if (running.isEmpty()) {
      return Future.succeededFuture();
    }
    Deployment current = running.get();
    if (!request.supersede() || current.status() == DeploymentStatus.ROLLING_BACK) {
      return Future.failedFuture(Problem.conflict("deployment " + current.id() + " of " + current.workflow() + " ("
          + current.version() + ") is " + current.status().wire() + " in " + current.environment()
          + (current.status() == DeploymentStatus.ROLLING_BACK ? "; wait for its rollback to end"
              : "; wait for it to end, or ask to supersede it (\"supersede\": true)")));
    }
    return transitions.move(tx, current, DeploymentStatus.SUPERSEDED, Optional.of("superseded by deployment " + by));
  }

  private Future<Approval> requestApproval(SqlConnection tx, Deployment deployment, Environment environment) {
    return approvals.open(tx, deployment.id(), Approval.Action.DEPLOY, Math.max(1, environment.approvalsRequired()),
            deployment.createdBy(), new JsonObject().put("version", deployment.version()),
            clock.instant().plusMillis(environment.approvalExpiry()))
        .compose(approval -> transitions.event(tx, deployment, io.axon.deploy.common.deployer.DeployerEvents.APPROVAL_REQUESTED, approval.toJson()
            .put("approvalId", approval.id())).map(approval));
  }

  /** The audit record, appended while this transaction holds the deployment: no deployment without one. */
  private Future<Void> audit(SqlConnection tx, Command command, Deployment deployment) {
    return audit.append(tx, command, "deployment.create:" + deployment.id(), "deployment.create", deployment.subject(),
        new JsonObject().put("workflow", deployment.workflow()).put("version", deployment.version())
            .put("environment", deployment.environment()).put("strategy", deployment.strategy().toJson())
            .put("status", deployment.status().wire()).put("reason", deployment.reason().orElse(null)));
  }

  private Future<Reply> get(Command command) {
    String id = String.valueOf(command.body().getValue("id"));
    return deployments.find(id).compose(found -> found
        .map(deployment -> routing.find(deployment.environment(), deployment.workflow())
            .map(table -> Reply.ok(deployment.toJson(table))))
        .orElseGet(() -> Future.failedFuture(Problem.notFound("deployment '" + id + "' does not exist"))));
  }

  private Future<Reply> list(Command command) {
    JsonObject body = command.body();
    PageRequest page = PageRequest.fromJson(body);
    Optional<DeploymentStatus> status;
    try {
      status = Optional.ofNullable(body.getString("status")).map(DeploymentStatus::fromWire);
    } catch (IllegalArgumentException e) {
      throw Problem.at(ProblemType.MALFORMED, "/status", "status is one of pending_approval, scheduled, in_progress,"
          + " paused, succeeded, failed, rolling_back, rolled_back, aborted, superseded");
    }
    return deployments.list(Optional.ofNullable(body.getString("environment")), Optional.ofNullable(body.getString("workflow")),
            status, page.after(), page.limit() + 1)
        .map(found -> Reply.ok(page.page(new ArrayList<>(found), d -> d.toJson(Optional.empty()), Deployment::id)));
  }

  /** {@link DeployerCommands#DEPLOYMENT_HISTORY}: what the monitor's version analytics count. */
  private Future<Reply> history(Command command) {
    JsonObject body = command.body();
    String workflow = DeploymentRequest.text(body, "workflow", true);
    Optional<String> version = Optional.ofNullable(DeploymentRequest.text(body, "version", false));
    Optional<String> environment = Optional.ofNullable(DeploymentRequest.text(body, "environment", false));
    return deployments.history(workflow, version, environment, DeployerCommands.HISTORY_LIMIT + 1).map(found -> {
      io.vertx.core.json.JsonArray items = new io.vertx.core.json.JsonArray();
      found.stream().limit(DeployerCommands.HISTORY_LIMIT).forEach(d -> items.add(d.toJson(Optional.empty())));
      return Reply.ok(new JsonObject().put("items", items).put("truncated", found.size() > DeployerCommands.HISTORY_LIMIT));
    });
  }

  /** Two deployments that raced for an environment's last place: the second one's commit is refused (V3 migration). */
  static Future<Reply> overLimit(Throwable failure) {
    if (failure instanceof PgException pg && "AX409".equals(pg.getSqlState())) {
      return Future.failedFuture(Problem.conflict(pg.getErrorMessage()));
    }
    return Future.failedFuture(failure);
  }

  private static boolean isUniqueViolation(Throwable failure) {
    return failure instanceof PgException pg && "23505".equals(pg.getSqlState());
  }
}
