package io.axon.deploy.deployer.healing;

import io.axon.deploy.common.bus.Command;
import io.axon.deploy.common.bus.CommandDispatcher;
import io.axon.deploy.common.bus.Reply;
import io.axon.deploy.common.db.Changes;
import io.axon.deploy.common.deployer.DeployerCommands;
import io.axon.deploy.common.deployer.DeployerEvents;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.deployer.AuditTrail;
import io.axon.deploy.deployer.deployment.Deployment;
import io.axon.deploy.deployer.deployment.Deployment.Rollback;
import io.axon.deploy.deployer.deployment.DeploymentRepository;
import io.axon.deploy.deployer.deployment.DeploymentStatus;
import io.axon.deploy.deployer.deployment.Transitions;
import io.axon.deploy.deployer.environment.EnvironmentRepository;
import io.axon.deploy.deployer.rollout.RollbackPlan;
import io.axon.deploy.deployer.rollout.RolloutDriver;
import io.axon.deploy.deployer.routing.RoutingRepository;
import io.axon.deploy.common.deployer.WatchedDeployment;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The deployer's side of automatic rollback: tells the monitor what to watch
 * ({@link DeployerCommands#WATCHED_DEPLOYMENTS}) and rolls back a deployment whose trigger fired
 * ({@link DeployerCommands#AUTOMATIC_ROLLBACK}) by its strategy's own rollback, recording the trigger
 * and its numbers on the deployment, in its event and in the audit trail.
 */
public final class AutomaticRollbacks {
  private static final Set<DeploymentStatus> ROLLABLE = EnumSet.of(DeploymentStatus.IN_PROGRESS,
      DeploymentStatus.PAUSED, DeploymentStatus.SUCCEEDED);
  private final Changes changes;
  private final DeploymentRepository deployments;
  private final EnvironmentRepository environments;
  private final RoutingRepository routing;
  private final Transitions transitions;
  private final AuditTrail audit;
  private final RolloutDriver driver;
  private final Clock clock;

  public AutomaticRollbacks(Changes changes, DeploymentRepository deployments, EnvironmentRepository environments,
      RoutingRepository routing, Transitions transitions, AuditTrail audit, RolloutDriver driver, Clock clock) {
    this.changes = changes;
    this.deployments = deployments;
    this.environments = environments;
    this.routing = routing;
    this.transitions = transitions;
    this.audit = audit;
    this.driver = driver;
    this.clock = clock;
  }

  public void register(CommandDispatcher dispatcher) {
    dispatcher.on(DeployerCommands.WATCHED_DEPLOYMENTS, command -> watched().map(items -> Reply.ok(new JsonObject()
            .put("items", new JsonArray(items.stream().map(WatchedDeployment::toJson).toList())))))
        .onChange(DeployerCommands.AUTOMATIC_ROLLBACK, this::rollBack);
  }

  private Future<List<WatchedDeployment>> watched() {
    return environments.all().compose(all -> {
      long longest = all.stream().mapToLong(e -> e.restrictions().rollbackPolicy().automatic().timeout().toMillis())
          .max().orElse(0);
      return Future.all(deployments.watchable(longest), routing.all(Optional.empty()))
          .map(read -> Watchlist.of(read.resultAt(0), all, read.resultAt(1), clock.instant()));
    });
  }

  /** Only a deployment still watched is rolled back: one under way, or succeeded within the timeout and live. */
  private Future<Reply> rollBack(Command command) {
    String id = String.valueOf(command.body().getValue("id"));
    if (!(command.body().getValue("trigger") instanceof JsonObject trigger)) {
      throw Problem.at(ProblemType.MALFORMED, "/trigger", "trigger is the trigger that fired, with its numbers");
    }
    return watched().compose(watched -> changes.run(command, tx -> deployments.lock(tx, id).compose(found -> {
      Deployment deployment = found.orElseThrow(() -> Problem.notFound("deployment '" + id + "' does not exist"));
      // read again under the lock: a person or the driver may have ended it since the watch list was read
      if (watched.stream().noneMatch(w -> w.id().equals(id)) || !ROLLABLE.contains(deployment.status())) {
        throw Problem.conflict("deployment " + id + " is " + deployment.status().wire()
            + " and no longer watched by its rollback triggers");
      }
      String why = "rollback trigger " + trigger.getString("type") + " fired: " + trigger.getString("summary");
      return transitions.rollBack(tx, deployment, new Rollback(deployment.previousVersion(), DeploymentStatus.ROLLED_BACK,
              Optional.of(trigger.copy())), why, RollbackPlan.of(deployment))
          .compose(v -> transitions.event(tx, deployment, DeployerEvents.ROLLBACK_TRIGGERED,
              new JsonObject().put("trigger", trigger.copy())))
          .compose(v -> audit.append(tx, command, "deployment.rollback.automatic:" + id, "deployment.rollback.automatic",
              deployment.subject(), new JsonObject().put("trigger", trigger.copy())))
          .compose(v -> deployments.find(tx, id))
          .map(after -> new Reply(202, Map.of(), after.orElseThrow().toJson(Optional.empty())));
    }))).onSuccess(reply -> driver.drive(id));
  }
}
