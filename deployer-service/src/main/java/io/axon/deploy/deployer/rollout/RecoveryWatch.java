package io.axon.deploy.deployer.rollout;

import io.axon.deploy.deployer.deployment.Deployment;
import io.axon.deploy.deployer.deployment.Step;
import io.axon.deploy.deployer.fleet.Fleet;
import io.axon.deploy.deployer.strategy.StepKind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;

/**
 * The last step of an emergency rollback: once its watch is over, asks the monitor how the version
 * gone back to fared since the switch ({@link RecoveryVerdict}), and records the numbers. A verdict
 * that executions still fail ends the deployment failed; another attempt would read the same numbers.
 */
public final class RecoveryWatch {
  static final long MIN_WINDOW_MS = 1_000;
  static final long MAX_WINDOW_MS = 60_000;
  private final Fleet fleet;
  private final Clock clock;

  public RecoveryWatch(Fleet fleet, Clock clock) {
    this.fleet = fleet;
    this.clock = clock;
  }

  public Future<StepOutcome> verify(Deployment deployment, Step step) {
    long until = step.detail().getLong("until", 0L);
    if (clock.millis() < until) {
      return Future.succeededFuture(StepOutcome.until(Instant.ofEpochMilli(until)));
    }
    Instant switched = deployment.steps().stream().filter(s -> s.kind() == StepKind.SWITCH)
        .flatMap(s -> s.finishedAt().stream()).findFirst().or(step::startedAt).orElse(clock.instant());
    long windowMs = Math.max(MIN_WINDOW_MS, Math.min(MAX_WINDOW_MS, clock.millis() - switched.toEpochMilli()));
    double maxErrorRate = step.detail().getDouble("maxErrorRate", 0.05);
    return fleet.window(deployment.environment(), deployment.workflow(), deployment.version(), windowMs).map(stats -> {
      RecoveryVerdict verdict = RecoveryVerdict.judge(deployment.version(), stats.count(), stats.errors(), maxErrorRate,
          windowMs);
      if (!verdict.passed()) {
        throw new StepFailure(verdict.summary());
      }
      return StepOutcome.done(new JsonObject().put("since", switched.toString()).put("windowMs", windowMs)
          .put("executions", stats.count()).put("errors", stats.errors()).put("errorRate", stats.errorRate())
          .put("maxErrorRate", maxErrorRate).put("traffic", verdict.traffic()).put("verdict", verdict.summary()));
    });
  }
}
