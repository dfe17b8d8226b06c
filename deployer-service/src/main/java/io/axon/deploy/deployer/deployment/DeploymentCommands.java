package io.axon.deploy.deployer.deployment;

import io.axon.deploy.common.bus.Command;
import io.axon.deploy.common.bus.CommandDispatcher;
import io.axon.deploy.common.bus.Reply;
import io.axon.deploy.common.db.Changes;
import io.axon.deploy.common.deployer.DeployerCommands;
import io.axon.deploy.common.deployer.DeployerEvents;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.events.CloudEvent;
import io.axon.deploy.common.events.Outbox;
import io.axon.deploy.common.paging.PageRequest;
import io.axon.deploy.common.registry.VersionStatus;
import io.axon.deploy.common.semver.InvalidVersionException;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.deployer.AuditTrail;
import io.axon.deploy.deployer.environment.Environment;
import io.axon.deploy.deployer.environment.EnvironmentRepository;
import io.axon.deploy.deployer.fleet.Fleet;
import io.axon.deploy.deployer.rollout.ImmediateRollout;
import io.axon.deploy.deployer.rollout.RolloutDriver;
import io.axon.deploy.deployer.routing.RoutingRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

/** Starts deployments (admission, then a persisted plan the driver carries out) and reads them back. */
public final class DeploymentCommands {
  private static final int MAX_REASON = 2_000;

  private final Changes changes;
  private final EnvironmentRepository environments;
  private final DeploymentRepository deployments;
  private final RoutingRepository routing;
  private final Outbox outbox;
  private final Fleet fleet;
  private final AuditTrail audit;
  private final RolloutDriver driver;

  public DeploymentCommands(Changes changes, EnvironmentRepository environments, DeploymentRepository deployments,
      RoutingRepository routing, Outbox outbox, Fleet fleet, AuditTrail audit, RolloutDriver driver) {
    this.changes = changes;
    this.environments = environments;
    this.deployments = deployments;
    this.routing = routing;
    this.outbox = outbox;
    this.fleet = fleet;
    this.audit = audit;
    this.driver = driver;
  }

  public void register(CommandDispatcher dispatcher) {
    dispatcher
        .onChange(DeployerCommands.CREATE_DEPLOYMENT, this::create)
        .on(DeployerCommands.GET_DEPLOYMENT, this::get)
        .on(DeployerCommands.LIST_DEPLOYMENTS, this::list);
  }

  /** A request for a deployment, checked for shape before anything is read. */
  private record Request(String environment, String workflow, SemanticVersion version, Strategy strategy,
      Optional<String> reason) {
    static Request of(JsonObject body) {
      String environment = text(body, "environment", true);
      String workflow = text(body, "workflow", true);
      String version = text(body, "version", true);
      String reason = text(body, "reason", false);
      if (reason != null && reason.length() > MAX_REASON) {
        throw Problem.at(ProblemType.UNPROCESSABLE, "/reason", "a reason is at most " + MAX_REASON + " characters");
      }
      SemanticVersion parsed;
      try {
        parsed = SemanticVersion.parse(version);
      } catch (InvalidVersionException e) {
        throw Problem.at(ProblemType.UNPROCESSABLE, "/version", e.getMessage());
      }
      return new Request(environment, workflow, parsed, Strategy.fromRequest(body.getValue("strategy")),
          Optional.ofNullable(reason));
    }

    private static String text(JsonObject body, String field, boolean required) {
      Object value = body.getValue(field);
      if (value == null && !required) {
        return null;
      }
      if (!(value instanceof String text) || text.isBlank()) {
        throw Problem.at(ProblemType.MALFORMED, "/" + field, field + " is required, as a non-empty string");
      }
      return text;
    }
  }

  private Future<Reply> create(Command command) {
    Request request = Request.of(command.body());
    return environments.require(request.environment())
        .compose(environment -> admit(environment, request))
        .compose(version -> changes.run(command, tx -> start(tx, command, request, version)))
        .onSuccess(reply -> driver.drive(reply.json().getString("id")));
  }

  /** The version as the registry has it, when the environment takes it; a 404 or 422 naming the reason otherwise. */
  private Future<String> admit(Environment environment, Request request) {
    return fleet.version(request.workflow(), request.version().toString()).map(version -> {
      VersionStatus status = VersionStatus.fromWire(version.getString("status"));
      if (!environment.allows(status)) {
        throw Problem.at(ProblemType.UNPROCESSABLE, "/version", environment.name() + " takes versions that are "
            + String.join(" or ", environment.allowedVersionStatuses()) + "; " + request.version() + " is " + status.wire());
      }
      if (environment.requiresApproval()) {
        throw Problem.at(ProblemType.UNPROCESSABLE, "/environment", environment.name()
            + " requires approval, and approvals are not available yet: deploy there once they are");
      }
      return version.getString("version");
    });
  }

  private Future<Reply> start(SqlConnection tx, Command command, Request request, String version) {
    String id = UUID.randomUUID().toString();
    List<Step> steps = IntStream.range(0, ImmediateRollout.STEPS.size()).mapToObj(i -> new Step(i + 1,
        ImmediateRollout.STEPS.get(i), Step.Status.PENDING, new JsonObject(), Optional.empty(), Optional.empty())).toList();
    return routing.find(tx, request.environment(), request.workflow())
        .compose(table -> {
          Optional<String> previous = table.flatMap(ImmediateRollout::previous).map(route -> route.version().toString());
          Deployment deployment = new Deployment(id, request.workflow(), version, request.environment(),
              request.strategy(), DeploymentStatus.IN_PROGRESS, previous, request.reason(), Optional.empty(),
              command.requireActor().principal(), Instant.now(), Optional.of(Instant.now()), Optional.empty(), steps);
          return deployments.insert(tx, deployment)
              .recover(failure -> Future.failedFuture(isUniqueViolation(failure)
                  ? Problem.conflict("a deployment of " + request.workflow() + " is already running in "
                      + request.environment() + "; wait for it to end")
                  : failure))
              .compose(v -> outbox.append(tx, CloudEvent.of("deployer", DeployerEvents.DEPLOYMENT_STATUS_CHANGED,
                  deployment.subject(), new JsonObject().put("id", id).put("workflow", deployment.workflow())
                      .put("version", version).put("environment", deployment.environment())
                      .put("previousStatus", null).put("status", DeploymentStatus.IN_PROGRESS.wire()))))
              .compose(v -> audit(command, deployment))
              .map(v -> new Reply(202, java.util.Map.of("Location", "/api/v1/deployments/" + id),
                  deployment.toJson(table)));
        });
  }

  /** The audit record, appended while this transaction holds the deployment: no deployment without one. */
  private Future<Void> audit(Command command, Deployment deployment) {
    return audit.append(command, "deployment.create:" + deployment.id(), "deployment.create", deployment.subject(),
        new JsonObject().put("workflow", deployment.workflow()).put("version", deployment.version())
            .put("environment", deployment.environment()).put("strategy", deployment.strategy().toJson())
            .put("reason", deployment.reason().orElse(null)));
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

  private static boolean isUniqueViolation(Throwable failure) {
    return failure instanceof PgException pg && "23505".equals(pg.getSqlState());
  }
}
