package io.axon.deploy.deployer.rollout;

import io.axon.deploy.common.deployer.DeployerEvents;
import io.axon.deploy.common.error.ProblemException;
import io.axon.deploy.common.events.OutboxRelay;
import io.axon.deploy.deployer.deployment.Deployment;
import io.axon.deploy.deployer.deployment.Deployment.Rollback;
import io.axon.deploy.deployer.deployment.DeploymentRepository;
import io.axon.deploy.deployer.deployment.DeploymentStatus;
import io.axon.deploy.deployer.deployment.Reasons;
import io.axon.deploy.deployer.deployment.Step;
import io.axon.deploy.deployer.deployment.Transitions;
import io.axon.deploy.deployer.strategy.ImmediateStrategy;
import io.axon.deploy.deployer.strategy.StepKind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries deployments out the way Argo's controllers reconcile: read the persisted state, run the
 * first step not done, persist its outcome with compare-and-set, repeat. Waiting is a timer, never
 * a blocked thread. A deployment is driven by one deployer process at a time, the one holding its
 * lease in PostgreSQL; when that process dies its lease runs out and another one carries on at the
 * same step. Past its progress deadline, or when a step keeps failing, a deployment rolls back.
 */
public final class RolloutDriver {
  private static final Logger LOG = LoggerFactory.getLogger(RolloutDriver.class);
  static final int ATTEMPTS = 5;
  static final long RETRY_MS = 1_000;
  static final long LEASE_MS = 5_000;
  static final long RENEW_MS = 1_000;
  static final int IN_FLIGHT = 64;

  /** Who holds a lease, in the {@code driver} column: this process's id, then a random part for this driver. */
  private final String self = ProcessHandle.current().pid() + "/" + UUID.randomUUID();
  private final Vertx vertx;
  private final Pool pool;
  private final DeploymentRepository deployments;
  private final Transitions transitions;
  private final OutboxRelay relay;
  private final Clock clock;
  private final Map<StepKind, StepRunner> runners = new EnumMap<>(StepKind.class);
  private final Set<String> driving = new HashSet<>();
  private final Set<String> waiting = new LinkedHashSet<>();
  private int advancing;
  private final Map<String, Integer> failures = new HashMap<>();
  private final Map<String, Long> timers = new HashMap<>();
  private long renewer = -1;
  private volatile boolean stopped;

  public RolloutDriver(Vertx vertx, Pool pool, DeploymentRepository deployments, Transitions transitions,
      OutboxRelay relay, Clock clock, TrafficSteps traffic, VerificationSteps verification, AnalysisSteps analysis,
      RecoveryWatch recovery) {
    this.vertx = vertx;
    this.pool = pool;
    this.deployments = deployments;
    this.transitions = transitions;
    this.relay = relay;
    this.clock = clock;
    runners.put(StepKind.LOAD, traffic::load);
    runners.put(StepKind.PREVIEW, traffic::preview);
    runners.put(StepKind.SET_WEIGHT, traffic::setWeight);
    runners.put(StepKind.SWITCH, traffic::switchAll);
    runners.put(StepKind.BATCH, traffic::batch);
    runners.put(StepKind.REVERT_BATCH, traffic::revertBatch);
    runners.put(StepKind.RESTORE, traffic::restore);
    runners.put(StepKind.HEALTH_CHECK, verification::healthCheck);
    runners.put(StepKind.SMOKE_TESTS, verification::smokeTests);
    runners.put(StepKind.ANALYSIS, analysis::analyse);
    runners.put(StepKind.PAUSE, this::pause);
    runners.put(StepKind.VERIFY, recovery::verify);
  }

  /** Keeps this process's leases alive while it runs. */
  public void start() {
    LOG.info("rollout driver {} started", self);
    renewer = vertx.setPeriodic(RENEW_MS, id -> deployments.renewLeases(self, LEASE_MS)
        .onFailure(e -> {
          if (!stopped) { // a renewal in flight when the pool closes is no news
            LOG.warn("could not renew the deployment leases: {}", e.toString());
          }
        }));
  }

  public void stop() {
    stopped = true;
    vertx.cancelTimer(renewer);
    timers.values().forEach(vertx::cancelTimer);
  }

  /**
   * Drives every deployment under way whose lease is free (its driver died) or ours, except those
   * this driver is on already or waits for on a timer.
   */
  public Future<Void> resume() {
    return deployments.drivable(self).onSuccess(ids -> ids.stream()
        .filter(id -> !timers.containsKey(id) && !driving.contains(id)).forEach(this::drive)).mapEmpty();
  }

  /**
   * Drives one deployment until it ends or waits; a second call while it runs (or waits its turn)
   * does nothing. At most {@link #IN_FLIGHT} deployments advance at once, the others in the order
   * they came: a thousand canaries whose pauses end in the same second queue here, not in the
   * database pool's wait queue, where they would crowd out requests. (A step mostly waits on the
   * engines, the registry or the gateways, not on the database: 64 measured far better than 16.)
   */
  public void drive(String id) {
    if (!driving.add(id)) {
      return;
    }
    Optional.ofNullable(timers.remove(id)).ifPresent(vertx::cancelTimer);
    if (advancing >= IN_FLIGHT) {
      waiting.add(id);
      return;
    }
    run(id);
  }

  private void run(String id) {
    advancing++;
    advance(id).onComplete(done -> {
      advancing--;
      driving.remove(id);
      if (done.failed()) {
        retryOrFail(id, done.cause());
      } else {
        failures.remove(id);
      }
      Iterator<String> next = waiting.iterator();
      if (next.hasNext()) {
        String turn = next.next();
        next.remove();
        run(turn);
      }
    });
  }

  private Future<Void> advance(String id) {
    return deployments.lease(id, self, LEASE_MS).compose(held -> !held ? Future.<Optional<Deployment>>succeededFuture(Optional.empty())
            : deployments.find(id))
        .compose(found -> {
          Optional<Deployment> deployment = found.filter(d -> d.status() == DeploymentStatus.IN_PROGRESS
              || d.status() == DeploymentStatus.ROLLING_BACK);
          if (deployment.isEmpty()) {
            return Future.succeededFuture();
          }
          Deployment d = deployment.get();
          if (d.status() == DeploymentStatus.IN_PROGRESS && d.timing().deadlineAt().filter(clock.instant()::isAfter).isPresent()) {
            return rollBack(d, Reasons.deadlinePassed(d.timing().deadlineMs()))
                .compose(v -> advance(id));
          }
          Optional<Step> next = d.nextStep();
          if (next.isEmpty()) {
            return finish(d);
          }
          // a step that moved meanwhile (another driver took it, a promote skipped it) is read again
          return start(d, next.get()).compose(started -> started.map(step -> runners.get(step.kind()).run(d, step)
              .compose(outcome -> {
                if (outcome.done()) {
                  return complete(d, step, outcome.detail()).compose(v -> advance(id));
                }
                // a wait ends at the step's time, or at the deadline if that comes first
                outcome.until().ifPresent(until -> wake(id, d.timing().deadlineAt()
                    .filter(deadline -> d.status() == DeploymentStatus.IN_PROGRESS && deadline.isBefore(until))
                    .map(deadline -> deadline.plusMillis(1)).orElse(until)));
                return outcome.until().isPresent() ? Future.succeededFuture() : holdForPromote(d, step);
              })).orElseGet(() -> advance(id)));
        });
  }

  /**
   * Marks a pending step running, noting until when it may take (a pause's end, a health check's
   * timeout); empty, with nothing recorded, when it had moved meanwhile (another driver, a promote).
   */
  private Future<Optional<Step>> start(Deployment deployment, Step step) {
    if (step.status() != Step.Status.PENDING) {
      return Future.succeededFuture(Optional.of(step));
    }
    JsonObject detail = new JsonObject();
    long now = clock.millis();
    Optional.ofNullable(step.detail().getLong("duration", step.detail().getLong("timeout")))
        .ifPresent(ms -> detail.put("until", now + ms));
    return pool.withTransaction(tx -> deployments.moveStep(tx, deployment.id(), step.seq(), Step.Status.PENDING,
                Step.Status.RUNNING, detail)
            .compose(moved -> !moved ? Future.succeededFuture(false) : transitions.step(tx, deployment, step,
                DeployerEvents.STEP_STARTED, step.detail().copy().mergeIn(detail)).map(true)))
        .onSuccess(moved -> relay.nudge())
        .map(moved -> moved ? Optional.of(new Step(step.seq(), step.name(), Step.Status.RUNNING,
            step.detail().copy().mergeIn(detail), Optional.of(clock.instant()), Optional.empty())) : Optional.empty());
  }

  /** Marks a running step done, with its event; nothing when it had moved meanwhile (another driver, a promote). */
  private Future<Void> complete(Deployment deployment, Step step, JsonObject detail) {
    return pool.withTransaction(tx -> deployments.moveStep(tx, deployment.id(), step.seq(), Step.Status.RUNNING,
                Step.Status.SUCCEEDED, detail)
            .compose(moved -> !moved ? Future.<Void>succeededFuture()
                : transitions.step(tx, deployment, step, DeployerEvents.STEP_COMPLETED, detail)))
        .onSuccess(v -> relay.nudge());
  }

  private Future<Void> finish(Deployment deployment) {
    DeploymentStatus end = deployment.status() == DeploymentStatus.IN_PROGRESS ? DeploymentStatus.SUCCEEDED
        : deployment.rollback().map(Rollback::endsAs).orElse(DeploymentStatus.ROLLED_BACK);
    return pool.withTransaction(tx -> transitions.move(tx, deployment, end, Optional.empty()))
        .onSuccess(v -> relay.nudge());
  }

  /** A pause without a duration: the deployment is paused (its deadline stops) until a person promotes it. */
  private Future<Void> holdForPromote(Deployment deployment, Step step) {
    return pool.withTransaction(tx -> transitions.move(tx, deployment, DeploymentStatus.PAUSED,
            Optional.of("waiting for a promote at step " + step.seq())))
        .onSuccess(v -> relay.nudge());
  }

  private Future<StepOutcome> pause(Deployment deployment, Step step) {
    Long until = step.detail().getLong("until");
    if (until == null) {
      return Future.succeededFuture(StepOutcome.held());
    }
    return Future.succeededFuture(clock.millis() >= until ? StepOutcome.done(new JsonObject())
        : StepOutcome.until(Instant.ofEpochMilli(until)));
  }

  private void wake(String id, Instant at) {
    long delay = Math.max(1, at.toEpochMilli() - clock.millis());
    Optional.ofNullable(timers.put(id, vertx.setTimer(delay, t -> {
      timers.remove(id);
      drive(id);
    }))).ifPresent(vertx::cancelTimer);
  }

  /**
   * A step that failed is tried again each second; after {@link #ATTEMPTS} (at once for a
   * {@link StepFailure}) the deployment rolls back. A rollback itself never gives up.
   */
  private void retryOrFail(String id, Throwable failure) {
    int failed = failures.merge(id, 1, Integer::sum);
    String reason = failure instanceof ProblemException problem ? problem.problem().detail() : failure.getMessage();
    boolean givesUp = failure instanceof StepFailure || failed >= ATTEMPTS;
    // only the lease holder gives up on a deployment: another process may have taken it over meanwhile
    deployments.lease(id, self, LEASE_MS).compose(held -> held ? deployments.find(id)
        : Future.succeededFuture(Optional.<Deployment>empty())).compose(found -> {
      Optional<Deployment> forward = found.filter(d -> d.status() == DeploymentStatus.IN_PROGRESS);
      if (!givesUp || forward.isEmpty()) {
        LOG.info("deployment {}: {} (attempt {}), trying again", id, reason, failed);
        vertx.setTimer(RETRY_MS, t -> drive(id));
        return Future.succeededFuture();
      }
      failures.remove(id);
      LOG.warn("deployment {} failed{}: {}", id, isEmergency(forward.get()) ? " (an emergency rollback: traffic stays)"
          : ", rolling back", reason);
      return failStep(forward.get(), reason).compose(v -> rollBack(forward.get(), reason)).onSuccess(v -> drive(id));
    }).onFailure(e -> {
      LOG.warn("deployment {}: could not record its failure, retrying: {}", id, e.toString());
      vertx.setTimer(RETRY_MS, t -> drive(id));
    });
  }

  private Future<Void> failStep(Deployment deployment, String reason) {
    return deployment.nextStep()
        .map(step -> pool.withTransaction(tx -> deployments.moveStep(tx, deployment.id(), step.seq(), step.status(),
                Step.Status.FAILED, new JsonObject().put("error", reason))
            .compose(moved -> transitions.step(tx, deployment, step, DeployerEvents.STEP_FAILED,
                new JsonObject().put("error", reason)))))
        .orElse(Future.succeededFuture());
  }

  /**
   * Rolls a deployment that cannot go on back to the version it replaced; it ends failed, saying why.
   * An emergency rollback is not rolled back (that would send traffic back to what it fled): it
   * ends failed where it stands.
   */
  private Future<Void> rollBack(Deployment deployment, String reason) {
    return deployments.find(deployment.id()).compose(found -> found
        .filter(d -> d.status() == DeploymentStatus.IN_PROGRESS)
        .map(current -> pool.withTransaction(tx -> isEmergency(current)
            ? transitions.move(tx, current, DeploymentStatus.FAILED, Optional.of(reason))
            : transitions.rollBack(tx, current,
                new Rollback(current.previousVersion(), DeploymentStatus.FAILED), reason, RollbackPlan.of(current))))
        .orElse(Future.succeededFuture()))
        .onSuccess(v -> relay.nudge());
  }

  private static boolean isEmergency(Deployment deployment) {
    return deployment.strategy() instanceof ImmediateStrategy immediate && immediate.emergency();
  }
}
