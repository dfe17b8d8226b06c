package io.axon.deploy.deployer.strategy;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * Load the version on every instance, then switch all traffic to it. The emergency form (made only
 * by an emergency rollback, never from a request) then checks that executions succeed again: the
 * instances' health, the definition's smoke tests, and the monitor's window of the version for
 * {@link #WATCH_MS} after the switch.
 */
public record ImmediateStrategy(boolean emergency) implements Strategy {
  public static final ImmediateStrategy INSTANCE = new ImmediateStrategy(false);
  public static final ImmediateStrategy EMERGENCY = new ImmediateStrategy(true);
  /** How long an emergency rollback watches the executions of the version it went back to. */
  public static final long WATCH_MS = 5_000;
  /** The error rate above which that watch fails. */
  public static final double MAX_ERROR_RATE = 0.05;
  static final long HEALTH_TIMEOUT_MS = 10_000;

  static ImmediateStrategy read(StrategyParameters parameters) {
    parameters.allowOnly(Set.of());
    return INSTANCE;
  }

  @Override
  public Type type() {
    return Type.IMMEDIATE;
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("type", type().wire());
    return emergency ? json.put("emergency", true) : json;
  }

  @Override
  public List<PlannedStep> plan(List<String> instances) {
    if (!emergency) {
      return List.of(PlannedStep.of(StepKind.LOAD), PlannedStep.of(StepKind.SWITCH));
    }
    return List.of(PlannedStep.of(StepKind.LOAD),
        new PlannedStep(StepKind.SWITCH, new JsonObject().put("keepOldVersion", false).put("only", true)),
        new PlannedStep(StepKind.HEALTH_CHECK, new JsonObject().put("timeout", HEALTH_TIMEOUT_MS)),
        PlannedStep.of(StepKind.SMOKE_TESTS),
        new PlannedStep(StepKind.VERIFY, new JsonObject().put("duration", WATCH_MS).put("maxErrorRate", MAX_ERROR_RATE)));
  }
}
