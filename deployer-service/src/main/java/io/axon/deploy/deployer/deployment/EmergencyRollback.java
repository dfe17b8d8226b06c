package io.axon.deploy.deployer.deployment;

import io.axon.deploy.common.bus.Command;
import io.axon.deploy.common.bus.CommandDispatcher;
import io.axon.deploy.common.bus.Reply;
import io.axon.deploy.common.db.Changes;
import io.axon.deploy.common.deployer.DeployerCommands;
import io.axon.deploy.common.deployer.DeployerEvents;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.routing.RoutingTable;
import io.axon.deploy.common.routing.RoutingTable.Route;
import io.axon.deploy.deployer.AuditTrail;
import io.axon.deploy.deployer.approval.ApprovalRepository;
import io.axon.deploy.deployer.deployment.Deployment.Timing;
import io.axon.deploy.deployer.environment.Environment;
import io.axon.deploy.deployer.environment.EnvironmentRepository;
import io.axon.deploy.deployer.fleet.Fleet;
import io.axon.deploy.deployer.rollout.RolloutDriver;
import io.axon.deploy.deployer.rollout.Traffic;
import io.axon.deploy.deployer.routing.RoutingRepository;
import io.axon.deploy.deployer.strategy.ImmediateStrategy;
import io.axon.deploy.deployer.strategy.PlannedStep;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Emergency recovery (DESIGN §2): in one transaction, every deployment of a workflow under way in an
 * environment ends aborted, and a new emergency deployment takes all its traffic to the last stable
 * version, past windows, freezes, approvals and the limit of deployments under way. The rollout
 * driver then carries it out like any other (lease, crash-safety, events): load, switch, and checks
 * that executions succeed again.
 */
public final class EmergencyRollback {
  /** How the deployments it stops say why: {@code Diagnosis} recognises them by it. */
  public static final String STOPPED = "stopped by the emergency rollback of ";
  static final int MAX_REASON = 2_000;
  static final int MAX_VERSION = 256;

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

  public EmergencyRollback(Changes changes, DeploymentRepository deployments, EnvironmentRepository environments,
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
    dispatcher.onChange(DeployerCommands.EMERGENCY_ROLLBACK, this::rollback);
  }

  private record Request(String environment, String workflow, String reason, Optional<String> targetVersion) {
  }

  private Future<Reply> rollback(Command command) {
    Request request = read(command.body());
    Future<Optional<JsonObject>> asked = request.targetVersion().isEmpty() ? Future.succeededFuture(Optional.empty())
        : fleet.deployable(request.workflow(), request.targetVersion().get())
            .compose(found -> provenIn(request, found.getString("version")).map(Optional.of(found)));
    return Future.all(environments.require(request.environment()), fleet.workflow(request.workflow()), asked)
        .compose(checked -> changes.run(command, tx -> stopAndStart(tx, command, request, checked.resultAt(0),
            checked.<Optional<JsonObject>>resultAt(2).map(v -> v.getString("version")))))
        .recover(DeploymentCommands::overLimit)
        .onSuccess(reply -> driver.drive(reply.json().getJsonObject("deployment").getString("id")));
  }

  /**
   * An emergency goes back to a version known to work there: one that succeeded in this environment
   * before. Any other would be a deployment that skips approvals, windows and promotions: a 422.
   */
  private Future<Void> provenIn(Request request, String version) {
    return deployments.succeededIn(request.environment(), request.workflow(), version).map(succeeded -> {
      if (!succeeded) {
        throw Problem.at(ProblemType.UNPROCESSABLE, "/targetVersion", version + " of " + request.workflow()
            + " never succeeded in " + request.environment() + "; an emergency rollback goes back to a version that did");
      }
      return null;
    });
  }

  private static Request read(JsonObject body) {
    String environment = DeploymentRequest.text(body, "environment", true);
    String workflow = DeploymentRequest.text(body, "workflow", true);
    String reason = DeploymentRequest.text(body, "reason", true);
    if (reason.length() > MAX_REASON) {
      throw Problem.at(ProblemType.MALFORMED, "/reason", "reason is at most " + MAX_REASON + " characters");
    }
    Object given = body.getValue("targetVersion");
    if (given instanceof String text && text.length() > MAX_VERSION) {
      throw Problem.at(ProblemType.MALFORMED, "/targetVersion", "targetVersion is at most " + MAX_VERSION + " characters");
    }
    Optional<String> target = DeploymentRequest.targetVersion(body);
    return new Request(environment, workflow, reason, target);
  }

  /** Stops what runs, picks the target, and writes the emergency deployment, its events and its audit record. */
  private Future<Reply> stopAndStart(SqlConnection tx, Command command, Request request, Environment environment,
      Optional<String> asked) {
    String id = UUID.randomUUID().toString();
    String user = command.requireActor().user();
    return deployments.underWay(tx, environment.name(), request.workflow()).compose(stopped -> routing
        .find(tx, environment.name(), request.workflow())
        .compose(table -> holder(tx, table).compose(holder -> {
          String chosen = EmergencyTarget.choose(asked, stopped, holder);
          Future<String> target = asked.isPresent() ? Future.succeededFuture(chosen)
              : fleet.deployable(request.workflow(), chosen).map(v -> v.getString("version"));
          return target.compose(version -> stop(tx, stopped, STOPPED + user + " (deployment " + id + "): "
                  + request.reason())
              .compose(v -> start(tx, command, id, request, environment, version, table, stopped)));
        })));
  }

  /** The deployment that holds the most traffic now, if the routing table names one. */
  private Future<Optional<Deployment>> holder(SqlConnection tx, Optional<RoutingTable> table) {
    Optional<String> id = table.flatMap(t -> t.live().stream().filter(r -> r.deploymentId().isPresent())
        .max(Comparator.comparingInt(Route::weight))).flatMap(Route::deploymentId);
    return id.map(found -> deployments.find(tx, found)).orElse(Future.succeededFuture(Optional.empty()));
  }

  /** Each ends aborted at once, its approvals closed and its steps not done skipped (a step in flight keeps nothing). */
  private Future<Void> stop(SqlConnection tx, List<Deployment> stopped, String why) {
    Future<Void> done = Future.succeededFuture();
    for (Deployment deployment : stopped) {
      int last = deployment.lastSeq();
      done = done.compose(v -> approvals.closeFor(tx, deployment.id()))
          .compose(v -> deployments.skipPending(tx, deployment.id(), 1, last))
          .compose(v -> transitions.move(tx, deployment, DeploymentStatus.ABORTED, Optional.of(why)));
    }
    return done;
  }

  private Future<Reply> start(SqlConnection tx, Command command, String id, Request request, Environment environment,
      String target, Optional<RoutingTable> table, List<Deployment> stopped) {
    List<PlannedStep> plan = ImmediateStrategy.EMERGENCY.plan(List.of());
    List<Step> steps = Step.pending(plan);
    Optional<String> live = table.flatMap(t -> Traffic.stable(t, Optional.empty())).map(r -> r.version().toString());
    Deployment deployment = new Deployment(id, request.workflow(), target, environment.name(), ImmediateStrategy.EMERGENCY,
        DeploymentStatus.IN_PROGRESS, live, Optional.of("emergency rollback: " + request.reason()), Optional.empty(),
        Optional.empty(), command.requireActor().user(), clock.instant(), Optional.empty(), Optional.empty(),
        new Timing(environment.progressDeadline(), Optional.empty(), Optional.empty()), Optional.empty(), steps);
    JsonArray ids = new JsonArray(stopped.stream().map(Deployment::id).toList());
    JsonObject details = new JsonObject().put("deploymentId", id).put("environment", environment.name())
        .put("workflow", request.workflow()).put("targetVersion", target).put("reason", request.reason())
        .put("stopped", ids).put("by", command.requireActor().user());
    return deployments.insert(tx, deployment)
        .recover(failure -> Future.failedFuture(failure instanceof PgException pg && "23505".equals(pg.getSqlState())
            ? Problem.conflict("another deployment of " + request.workflow() + " started in " + environment.name()
                + " meanwhile (another emergency rollback?); look at it, or ask again")
            : failure))
        .compose(v -> transitions.created(tx, deployment))
        .compose(v -> transitions.event(tx, deployment, DeployerEvents.EMERGENCY_ROLLBACK, details.copy()))
        .compose(v -> audit.append(tx, command, "deployment.emergency-rollback:" + id, "deployment.emergency-rollback",
            "environments/" + environment.name() + "/workflows/" + request.workflow(), details))
        .compose(v -> deployments.find(tx, id))
        .map(after -> new Reply(202, Map.of("Location", "/api/v1/deployments/" + id), new JsonObject()
            .put("deployment", after.orElseThrow().toJson(table)).put("stopped", ids).put("targetVersion", target)));
  }
}
