package io.axon.deploy.deployer.rollout;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;

/**
 * What running a step came to: done (with what it did), not yet (come back at {@code until}), or
 * held for a person (an indefinite pause, until a promote).
 */
public record StepOutcome(boolean done, JsonObject detail, Optional<Instant> until) {

  public static StepOutcome done(JsonObject detail) {
    return new StepOutcome(true, detail, Optional.empty());
  }

  public static StepOutcome until(Instant at) {
    return new StepOutcome(false, new JsonObject(), Optional.of(at));
  }

  public static StepOutcome held() {
    return new StepOutcome(false, new JsonObject(), Optional.empty());
  }
}
