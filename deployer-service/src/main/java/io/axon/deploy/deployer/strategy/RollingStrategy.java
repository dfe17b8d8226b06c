package io.axon.deploy.deployer.strategy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Replace the version on the instances batch by batch; traffic follows the instances (each batch
 * moves its share of the weight). An instance is loaded with the new version beside the old before
 * its traffic moves, so it never leaves rotation: no instance is ever unavailable, and
 * {@code maxUnavailable} holds at any value. Each batch is health-checked every
 * {@code healthCheckInterval} before the next one, {@code batchDelay} after it.
 */
public record RollingStrategy(int batchSize, long batchDelay, int maxUnavailable, long healthCheckInterval)
    implements Strategy {

  static RollingStrategy read(StrategyParameters parameters) {
    parameters.allowOnly(Set.of("batchSize", "batchDelay", "maxUnavailable", "healthCheckInterval"));
    return new RollingStrategy(parameters.integer("batchSize", 1, 1, 1_000), parameters.millis("batchDelay", 0),
        parameters.integer("maxUnavailable", 1, 0, 1_000), Math.max(100, parameters.millis("healthCheckInterval", 1_000)));
  }

  @Override
  public Type type() {
    return Type.ROLLING;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("type", type().wire()).put("batchSize", batchSize).put("batchDelay", batchDelay)
        .put("maxUnavailable", maxUnavailable).put("healthCheckInterval", healthCheckInterval);
  }

  /** One batch step per {@code batchSize} instances (sorted, so that a plan reads the same twice), pauses between. */
  @Override
  public List<PlannedStep> plan(List<String> instances) {
    List<String> sorted = instances.stream().sorted().toList();
    List<PlannedStep> steps = new ArrayList<>();
    for (int from = 0; from < sorted.size(); from += batchSize) {
      if (from > 0 && batchDelay > 0) {
        steps.add(PlannedStep.pause(batchDelay));
      }
      List<String> batch = sorted.subList(from, Math.min(sorted.size(), from + batchSize));
      steps.add(new PlannedStep(StepKind.BATCH, new JsonObject().put("instances", new JsonArray(batch))
          .put("of", sorted.size()).put("healthCheckInterval", healthCheckInterval)));
    }
    steps.add(PlannedStep.of(StepKind.SWITCH));
    return steps;
  }
}
