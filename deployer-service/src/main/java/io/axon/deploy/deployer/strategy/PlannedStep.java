package io.axon.deploy.deployer.strategy;

import io.vertx.core.json.JsonObject;
import java.util.Optional;

/** One step of a plan before it is persisted: its kind and its parameters (weight, duration, instances). */
public record PlannedStep(StepKind kind, JsonObject parameters) {

  public static PlannedStep of(StepKind kind) {
    return new PlannedStep(kind, new JsonObject());
  }

  public static PlannedStep setWeight(int weight) {
    return new PlannedStep(StepKind.SET_WEIGHT, new JsonObject().put("weight", weight));
  }

  /**
   * An analysis of the canary over {@code durationMs}: at least {@code minSamples} executions of each
   * version, an error rate of at most {@code maxErrorRate}, not worse than the stable version beyond
   * chance, and (when given) a success rate of at least {@code minSuccessRate} before it passes.
   */
  public static PlannedStep analysis(long durationMs, int minSamples, double maxErrorRate,
      Optional<Double> minSuccessRate) {
    JsonObject parameters = new JsonObject().put("duration", durationMs).put("minSamples", minSamples)
        .put("maxErrorRate", maxErrorRate);
    minSuccessRate.ifPresent(rate -> parameters.put("minSuccessRate", rate));
    return new PlannedStep(StepKind.ANALYSIS, parameters);
  }

  /** A pause of {@code durationMs}, or an indefinite one (until a promote) when it is null. */
  public static PlannedStep pause(Long durationMs) {
    JsonObject parameters = new JsonObject();
    if (durationMs != null) {
      parameters.put("duration", durationMs);
    }
    return new PlannedStep(StepKind.PAUSE, parameters);
  }
}
