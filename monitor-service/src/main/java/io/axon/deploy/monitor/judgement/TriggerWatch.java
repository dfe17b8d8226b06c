package io.axon.deploy.monitor.judgement;

import io.axon.deploy.common.bus.Actor;
import io.axon.deploy.common.bus.Addresses;
import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.deployer.DeployerCommands;
import io.axon.deploy.common.deployer.TriggerType;
import io.axon.deploy.common.deployer.WatchedDeployment;
import io.axon.deploy.common.deployer.WatchedDeployment.Trigger;
import io.axon.deploy.common.error.ProblemException;
import io.axon.deploy.common.monitor.InstanceView;
import io.axon.deploy.monitor.custom.CustomMetrics;
import io.axon.deploy.monitor.health.HealthPoller;
import io.axon.deploy.monitor.windows.ExecutionWindows;
import io.axon.deploy.monitor.windows.ExecutionWindows.WindowSample;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the rollback triggers of every watched deployment each {@code intervalMs}
 * ({@code AXON_MONITOR_EVALUATION_MS}): asks the deployer which deployments to watch (so that a
 * restarted monitor or deployer carries on from the database), judges each trigger on the windows,
 * the custom metrics and the instances' health ({@link TriggerJudge}), and asks the deployer to roll
 * back a deployment whose trigger fires, with the numbers that fired it. A restarted monitor starts
 * with empty windows: its triggers are inconclusive until {@code minSamples} come in, never fired.
 */
public final class TriggerWatch {
  private static final Logger LOG = LoggerFactory.getLogger(TriggerWatch.class);
  private static final Actor MONITOR = Actor.service("monitor");
  /** {@code axon_rollback_triggers_fired_total{environment, workflow, trigger}}. */
  public static final String FIRED = "axon.rollback.triggers.fired";

  private final Vertx vertx;
  private final BusClient bus;
  private final ExecutionWindows windows;
  private final CustomMetrics custom;
  private final HealthPoller poller;
  private final LongSupplier clock;
  private final MeterRegistry meters;
  private final TriggerJudge judge = new TriggerJudge();
  /** Deployments whose rollback was asked for: not asked again while the deployer still lists them. */
  private final Set<String> fired = new HashSet<>();
  private boolean evaluating;
  private long timer = -1;

  public TriggerWatch(Vertx vertx, BusClient bus, ExecutionWindows windows, CustomMetrics custom, HealthPoller poller,
      LongSupplier clock, MeterRegistry meters) {
    this.vertx = vertx;
    this.meters = meters;
    this.bus = bus;
    this.windows = windows;
    this.custom = custom;
    this.poller = poller;
    this.clock = clock;
  }

  public void start(long intervalMs) {
    timer = vertx.setPeriodic(intervalMs, id -> evaluate());
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  /** One round; a round still waiting for the deployer when the next is due lets that one pass. */
  Future<Void> evaluate() {
    if (evaluating) {
      return Future.succeededFuture();
    }
    evaluating = true;
    return bus.request(Addresses.DEPLOYER, DeployerCommands.WATCHED_DEPLOYMENTS, new JsonObject(), null, MONITOR)
        .map(reply -> reply.body().getJsonArray("items").stream()
            .map(item -> WatchedDeployment.fromJson((JsonObject) item)).toList())
        .onSuccess(this::judgeAll)
        .onFailure(e -> LOG.debug("no watched deployments this round: {}", e.toString()))
        .onComplete(done -> evaluating = false)
        .mapEmpty();
  }

  private void judgeAll(List<WatchedDeployment> watched) {
    Set<String> ids = watched.stream().map(WatchedDeployment::id).collect(Collectors.toSet());
    fired.retainAll(ids);
    judge.retain(ids);
    long now = clock.getAsLong();
    for (WatchedDeployment deployment : watched) {
      if (fired.contains(deployment.id())) {
        continue;
      }
      try {
        judge(deployment, now);
      } catch (RuntimeException e) { // one deployment's odd numbers must not stop the others' judgement
        LOG.warn("deployment {}: its triggers could not be judged this round: {}", deployment.id(), e.toString());
      }
    }
  }

  private void judge(WatchedDeployment deployment, long now) {
    for (int i = 0; i < deployment.triggers().size(); i++) {
      Trigger trigger = deployment.triggers().get(i);
      Verdict verdict = judge.judge(TriggerJudge.key(deployment.id(), i), trigger, series(deployment, trigger,
          deployment.version(), now), baseline(deployment, trigger, now), now);
      if (verdict.failed()) {
        rollBack(deployment, verdict, now);
        return;
      }
    }
  }

  private Optional<Series> baseline(WatchedDeployment deployment, Trigger trigger, long now) {
    return deployment.stable().filter(stable -> deployment.canary() && trigger.type() != TriggerType.HEALTH_CHECK)
        .map(stable -> series(deployment, trigger, stable, now));
  }

  /** The numbers of {@code version} over the trigger's window, which starts no earlier than the deployment. */
  private Series series(WatchedDeployment deployment, Trigger trigger, String version, long now) {
    long from = Math.max(deployment.since().toEpochMilli(), now - trigger.durationMs());
    return switch (trigger.type()) {
      case CUSTOM_METRIC -> new Series(version, 0, 0, custom.values(deployment.environment(), deployment.workflow(),
          version, trigger.metric().orElse(""), from));
      case HEALTH_CHECK -> new Series(version, 0, 0, poller.views(Optional.of(deployment.environment())).stream()
          .filter(instance -> instance.hosts(deployment.workflow(), version))
          .mapToDouble(TriggerWatch::score).toArray());
      case ERROR_RATE -> {
        WindowSample sample = windows.sample(deployment.environment(), deployment.workflow(), version, from);
        yield new Series(version, sample.count(), sample.errors(), new double[0]);
      }
      case RESPONSE_TIME -> {
        WindowSample sample = windows.sample(deployment.environment(), deployment.workflow(), version, from);
        yield Series.ofLatencies(version, sample.count(), sample.errors(), sample.latencies());
      }
    };
  }

  /**
   * An instance's health score: 0 when it is not healthy (unreachable, draining); for a healthy one
   * its report's number, or 100 when it gives none, as the monitor's health judge takes it.
   */
  private static double score(InstanceView instance) {
    return !instance.healthy() ? 0
        : instance.health().getValue("score") instanceof Number score ? score.doubleValue() : 100;
  }

  private void rollBack(WatchedDeployment deployment, Verdict verdict, long now) {
    fired.add(deployment.id());
    meters.counter(FIRED, "environment", deployment.environment(), "workflow", deployment.workflow(),
        "trigger", verdict.evidence().getString("type")).increment();
    LOG.warn("deployment {} ({} {} in {}): rollback trigger fired: {}", deployment.id(), deployment.workflow(),
        deployment.version(), deployment.environment(), verdict.summary());
    JsonObject trigger = verdict.toJson().put("firedAt", Instant.ofEpochMilli(now).toString());
    bus.request(Addresses.DEPLOYER, DeployerCommands.AUTOMATIC_ROLLBACK, new JsonObject().put("id", deployment.id())
            .put("trigger", trigger), null, MONITOR)
        .onFailure(e -> {
          if (!(e instanceof ProblemException problem && problem.problem().status() == 409)) {
            LOG.warn("deployment {}: the rollback could not be asked for, asking again next round: {}", deployment.id(),
                e.toString());
            fired.remove(deployment.id());
          }
        });
  }
}
