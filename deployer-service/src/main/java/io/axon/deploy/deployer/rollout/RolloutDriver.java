package io.axon.deploy.deployer.rollout;

import io.axon.deploy.common.deployer.DeployerEvents;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemException;
import io.axon.deploy.common.events.CloudEvent;
import io.axon.deploy.common.events.Outbox;
import io.axon.deploy.common.events.OutboxRelay;
import io.axon.deploy.common.monitor.InstanceView;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.deployer.deployment.Deployment;
import io.axon.deploy.deployer.deployment.DeploymentRepository;
import io.axon.deploy.deployer.deployment.DeploymentStatus;
import io.axon.deploy.deployer.deployment.Step;
import io.axon.deploy.deployer.fleet.Fleet;
import io.axon.deploy.deployer.routing.RoutingRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries each deployment in progress through its steps, as Argo's reconcile does: read the
 * persisted state, run the first step not done, persist its outcome, repeat. A step that fails is
 * tried again on a timer, a few times, before the deployment fails with the reason. After a restart
 * {@link #resume} picks up every deployment in progress at the step it had reached.
 */
public final class RolloutDriver {
  private static final Logger LOG = LoggerFactory.getLogger(RolloutDriver.class);
  static final int ATTEMPTS = 5;
  static final long RETRY_MS = 1_000;

  private final Vertx vertx;
  private final Pool pool;
  private final DeploymentRepository deployments;
  private final RoutingRepository routing;
  private final Outbox outbox;
  private final OutboxRelay relay;
  private final Fleet fleet;
  private final Set<String> driving = new HashSet<>();
  private final Map<String, Integer> failures = new HashMap<>();

  public RolloutDriver(Vertx vertx, Pool pool, DeploymentRepository deployments, RoutingRepository routing,
      Outbox outbox, OutboxRelay relay, Fleet fleet) {
    this.vertx = vertx;
    this.pool = pool;
    this.deployments = deployments;
    this.routing = routing;
    this.outbox = outbox;
    this.relay = relay;
    this.fleet = fleet;
  }

  /** Drives every deployment in progress that is not driven yet. */
  public Future<Void> resume() {
    return deployments.inProgress().onSuccess(ids -> ids.forEach(this::drive)).mapEmpty();
  }

  /** Drives one deployment until it ends or a step must be retried; a second call while it runs does nothing. */
  public void drive(String id) {
    if (!driving.add(id)) {
      return;
    }
    advance(id).onComplete(done -> {
      driving.remove(id);
      if (done.failed()) {
        retryOrFail(id, done.cause());
      } else {
        failures.remove(id);
      }
    });
  }

  private Future<Void> advance(String id) {
    return deployments.find(id).compose(found -> {
      Optional<Deployment> deployment = found.filter(d -> d.status() == DeploymentStatus.IN_PROGRESS);
      Optional<Step> step = deployment.flatMap(Deployment::nextStep);
      if (step.isEmpty()) {
        return Future.succeededFuture();
      }
      return run(deployment.get(), step.get()).compose(v -> advance(id));
    });
  }

  private Future<Void> run(Deployment deployment, Step step) {
    Future<Void> started = step.status() == Step.Status.PENDING
        ? pool.withTransaction(tx -> deployments.moveStep(tx, deployment.id(), step.seq(), Step.Status.PENDING,
                Step.Status.RUNNING, new JsonObject())
            .compose(moved -> stepEvent(tx, deployment, step, DeployerEvents.STEP_STARTED, new JsonObject())))
            .onSuccess(v -> relay.nudge())
        : Future.succeededFuture();
    return started.compose(v -> switch (step.name()) {
      case ImmediateRollout.LOAD -> load(deployment, step);
      case ImmediateRollout.SWITCH -> switchTraffic(deployment, step);
      default -> Future.failedFuture(new IllegalStateException("unknown step " + step.name()));
    });
  }

  /** Loads the version on every healthy instance of the environment; all of them must take it. */
  private Future<Void> load(Deployment deployment, Step step) {
    return Future.all(fleet.instances(deployment.environment()), fleet.version(deployment.workflow(), deployment.version()))
        .compose(both -> {
          List<InstanceView> healthy = both.<List<InstanceView>>resultAt(0).stream().filter(InstanceView::healthy).toList();
          JsonObject definition = both.<JsonObject>resultAt(1).getJsonObject("definition");
          if (healthy.isEmpty()) {
            return Future.failedFuture(Problem.conflict("no healthy engine instance in " + deployment.environment()));
          }
          return Future.all(healthy.stream().map(instance ->
                  fleet.load(instance, deployment.workflow(), deployment.version(), definition)).toList())
              .map(loaded -> healthy.stream().map(InstanceView::instanceId).toList());
        })
        .compose(loadedOn -> pool.withTransaction(tx -> deployments.moveStep(tx, deployment.id(), step.seq(),
                Step.Status.RUNNING, Step.Status.SUCCEEDED, new JsonObject().put("instances", new JsonArray(loadedOn)))
            .compose(moved -> stepEvent(tx, deployment, step, DeployerEvents.STEP_COMPLETED,
                new JsonObject().put("instances", new JsonArray(loadedOn))))))
        .onSuccess(v -> relay.nudge());
  }

  /** Routes all traffic to the version and marks the deployment succeeded, in one transaction. */
  private Future<Void> switchTraffic(Deployment deployment, Step step) {
    List<String> loadedOn = deployment.steps().stream().filter(s -> s.name().equals(ImmediateRollout.LOAD)).findFirst()
        .map(s -> s.detail().getJsonArray("instances", new JsonArray()).stream().map(String::valueOf).toList())
        .orElse(List.of());
    return pool.withTransaction(tx -> routing.lock(tx, deployment.environment(), deployment.workflow())
            .map(table -> table.orElse(RoutingRepository.empty(deployment.environment(), deployment.workflow())))
            .compose(table -> routing.write(tx, ImmediateRollout.switched(table,
                SemanticVersion.parse(deployment.version()), deployment.id(), loadedOn)))
            .compose(table -> deployments.moveStep(tx, deployment.id(), step.seq(), Step.Status.RUNNING,
                Step.Status.SUCCEEDED, new JsonObject().put("revision", table.revision())))
            .compose(moved -> stepEvent(tx, deployment, step, DeployerEvents.STEP_COMPLETED, new JsonObject()))
            .compose(v -> finish(tx, deployment, DeploymentStatus.SUCCEEDED, Optional.empty())))
        .onSuccess(v -> relay.nudge());
  }

  private void retryOrFail(String id, Throwable failure) {
    int failed = failures.merge(id, 1, Integer::sum);
    String reason = failure instanceof ProblemException problem ? problem.problem().detail() : failure.toString();
    if (failed < ATTEMPTS) {
      LOG.info("deployment {}: {} (attempt {} of {})", id, reason, failed, ATTEMPTS);
      vertx.setTimer(RETRY_MS, t -> drive(id));
      return;
    }
    failures.remove(id);
    LOG.warn("deployment {} failed: {}", id, reason);
    deployments.find(id).compose(found -> found.filter(d -> d.status() == DeploymentStatus.IN_PROGRESS)
            .map(deployment -> pool.withTransaction(tx -> failStep(tx, deployment, reason)
                .compose(v -> finish(tx, deployment, DeploymentStatus.FAILED, Optional.of(reason)))))
            .orElse(Future.succeededFuture()))
        .onSuccess(v -> relay.nudge())
        .onFailure(e -> LOG.warn("deployment {}: could not record its failure, retrying: {}", id, e.toString()))
        .onFailure(e -> vertx.setTimer(RETRY_MS, t -> drive(id)));
  }

  private Future<Void> failStep(SqlClient tx, Deployment deployment, String reason) {
    return deployment.nextStep()
        .map(step -> deployments.moveStep(tx, deployment.id(), step.seq(), step.status(), Step.Status.FAILED,
                new JsonObject().put("error", reason))
            .compose(moved -> stepEvent(tx, deployment, step, DeployerEvents.STEP_FAILED, new JsonObject().put("error", reason))))
        .orElse(Future.succeededFuture());
  }

  private Future<Void> finish(SqlClient tx, Deployment deployment, DeploymentStatus to, Optional<String> failure) {
    return deployments.finish(tx, deployment.id(), DeploymentStatus.IN_PROGRESS, to, failure)
        .compose(moved -> !moved ? Future.failedFuture(Problem.conflict("deployment " + deployment.id() + " moved on"))
            : outbox.append(tx, CloudEvent.of("deployer", DeployerEvents.DEPLOYMENT_STATUS_CHANGED, deployment.subject(),
                new JsonObject().put("id", deployment.id()).put("workflow", deployment.workflow())
                    .put("version", deployment.version()).put("environment", deployment.environment())
                    .put("previousStatus", DeploymentStatus.IN_PROGRESS.wire()).put("status", to.wire())
                    .put("failure", failure.orElse(null)))));
  }

  private Future<Void> stepEvent(SqlClient tx, Deployment deployment, Step step, String type, JsonObject detail) {
    return outbox.append(tx, CloudEvent.of("deployer", type, deployment.subject(), new JsonObject()
        .put("deploymentId", deployment.id()).put("seq", step.seq()).put("step", step.name()).put("detail", detail)));
  }
}
