package io.axon.deploy.deployer.strategy;

import io.vertx.core.json.JsonObject;

/** One step of a plan before it is persisted: its kind and its parameters (weight, duration, instances). */
public record PlannedStep(StepKind kind, JsonObject parameters) {

  public static PlannedStep of(StepKind kind) {
    return new PlannedStep(kind, new JsonObject());
  }

  public static PlannedStep setWeight(int weight) {
    return new PlannedStep(StepKind.SET_WEIGHT, new JsonObject().put("weight", weight));
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
