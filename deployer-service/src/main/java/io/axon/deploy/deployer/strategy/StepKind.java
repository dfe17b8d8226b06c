package io.axon.deploy.deployer.strategy;

import java.util.Arrays;
import java.util.Optional;

/** What a step of a deployment's plan does; the driver has one runner per kind. */
public enum StepKind {
  /** Load the new version beside the old on every healthy instance. */
  LOAD("load"),
  /** Blue-green: make the new version the table's preview, reachable only with {@code X-Axon-Preview}. */
  PREVIEW("preview"),
  /** Wait until every instance hosting the new version is healthy, up to {@code timeout}. */
  HEALTH_CHECK("health-check"),
  /** Run the definition's smoke tests against the new version. */
  SMOKE_TESTS("smoke-tests"),
  /** Canary: the new version takes {@code weight}%, the stable one the rest. */
  SET_WEIGHT("set-weight"),
  /** Wait {@code duration} ms, or without one until a promote. */
  PAUSE("pause"),
  /** Canary: judge the canary against its stable version over {@code duration}; wait while inconclusive. */
  ANALYSIS("analysis"),
  /** All traffic to the new version. */
  SWITCH("switch"),
  /** Rolling: move the {@code instances} of one batch to the new version. */
  BATCH("batch"),
  /** Rolling back: move the {@code instances} of one batch back to the stable version. */
  REVERT_BATCH("revert-batch"),
  /** Rolling back: all traffic to the target version, the new one dropped. */
  RESTORE("restore"),
  /** Emergency rollback: watch the version's executions for {@code duration} ms after the switch; they must succeed. */
  VERIFY("verify");

  private final String wire;

  StepKind(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<StepKind> fromWire(String value) {
    return Arrays.stream(values()).filter(kind -> kind.wire.equals(value)).findFirst();
  }

  /** Whether the step moves traffic, so that it completes only once every gateway routes by it. */
  public boolean shiftsTraffic() {
    return this == PREVIEW || this == SET_WEIGHT || this == SWITCH || this == BATCH || this == REVERT_BATCH
        || this == RESTORE;
  }
}
