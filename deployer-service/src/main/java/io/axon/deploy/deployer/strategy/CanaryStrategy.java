package io.axon.deploy.deployer.strategy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Shift traffic to the new version step by step, as Argo Rollouts' canary does. Two forms (DESIGN
 * §2): the seed's parameters ({@code trafficPercentage}, then {@code incrementPercentage} every
 * {@code incrementInterval}), or explicit {@code steps} ({@code setWeight}, {@code pause} with or
 * without a duration). Either ends with a switch of all traffic. The thresholds and
 * {@code minSamples} are kept for the analysis that judges a canary against its stable version.
 *
 * @param steps the canary's own steps, between loading the version and the final switch
 */
public record CanaryStrategy(List<PlannedStep> steps, Optional<Long> maxDuration, JsonObject form)
    implements Strategy {
  static final int MAX_STEPS = 100;
  private static final Set<String> PARAMETER_FORM = Set.of("trafficPercentage", "incrementPercentage",
      "incrementInterval", "successThreshold", "rollbackThreshold", "maxDuration", "minSamples");

  public CanaryStrategy {
    steps = List.copyOf(steps);
  }

  static CanaryStrategy read(StrategyParameters parameters, JsonObject json) {
    return json.containsKey("steps") ? explicit(parameters, json) : stepwise(parameters);
  }

  /** The seed's form: start at {@code trafficPercentage}, add {@code incrementPercentage} after each interval. */
  private static CanaryStrategy stepwise(StrategyParameters parameters) {
    parameters.allowOnly(PARAMETER_FORM);
    int start = parameters.integer("trafficPercentage", 10, 1, 100);
    int increment = parameters.integer("incrementPercentage", 10, 1, 100);
    long interval = parameters.millis("incrementInterval", 60_000);
    double success = parameters.fraction("successThreshold", 0.99);
    double rollback = parameters.fraction("rollbackThreshold", 0.05);
    int minSamples = parameters.integer("minSamples", 100, 1, 1_000_000);
    Optional<Long> maxDuration = maxDuration(parameters);
    List<PlannedStep> steps = new ArrayList<>();
    for (int weight = start; weight < 100; weight += increment) {
      steps.add(PlannedStep.setWeight(weight));
      steps.add(PlannedStep.analysis(interval, minSamples, rollback, Optional.of(success)));
    }
    JsonObject form = new JsonObject().put("type", Type.CANARY.wire()).put("trafficPercentage", start)
        .put("incrementPercentage", increment).put("incrementInterval", interval).put("successThreshold", success)
        .put("rollbackThreshold", rollback).put("minSamples", minSamples);
    maxDuration.ifPresent(ms -> form.put("maxDuration", ms));
    return new CanaryStrategy(steps, maxDuration, form);
  }

  /** Argo's form: {@code {"setWeight": 20}}, {@code {"pause": {"duration": 30000}}}, {@code {"pause": {}}}. */
  private static CanaryStrategy explicit(StrategyParameters parameters, JsonObject json) {
    parameters.allowOnly(Set.of("steps", "maxDuration"));
    Optional<Long> maxDuration = maxDuration(parameters);
    List<PlannedStep> steps = new ArrayList<>();
    if (!(json.getValue("steps") instanceof JsonArray items) || items.isEmpty() || items.size() > MAX_STEPS) {
      parameters.error("steps", "steps is a list of 1 to " + MAX_STEPS + " steps");
      return new CanaryStrategy(steps, maxDuration, json);
    }
    for (int i = 0; i < items.size(); i++) {
      StrategyParameters step = new StrategyParameters(items.getValue(i) instanceof JsonObject object ? object
          : new JsonObject(), "/strategy/steps/" + i, parameters.errors());
      if (!(items.getValue(i) instanceof JsonObject object) || object.size() != 1) {
        step.error("", "a step is one of {\"setWeight\": 20}, {\"pause\": {\"duration\": 30000}}, {\"pause\": {}},"
            + " {\"analysis\": {\"duration\": 60000, \"minSamples\": 100}}");
      } else if (object.containsKey("setWeight")) {
        steps.add(PlannedStep.setWeight(step.integer("setWeight", 0, 0, 100)));
      } else if (object.containsKey("pause")) {
        steps.add(pause(object.getValue("pause"), new StrategyParameters(object.getValue("pause") instanceof JsonObject p
            ? p : new JsonObject(), "/strategy/steps/" + i + "/pause", parameters.errors())));
      } else if (object.containsKey("analysis")) {
        steps.add(analysis(object.getValue("analysis"), new StrategyParameters(object.getValue("analysis")
            instanceof JsonObject a ? a : new JsonObject(), "/strategy/steps/" + i + "/analysis", parameters.errors())));
      } else {
        step.error("", "unknown step " + object.fieldNames() + "; one of setWeight, pause, analysis");
      }
    }
    JsonObject form = new JsonObject().put("type", Type.CANARY.wire()).put("steps", json.getJsonArray("steps").copy());
    maxDuration.ifPresent(ms -> form.put("maxDuration", ms));
    return new CanaryStrategy(steps, maxDuration, form);
  }

  /** {@code {"duration": 60000, "minSamples": 100, "maxErrorRate": 0.05, "minSuccessRate": 0.99}}, each optional. */
  private static PlannedStep analysis(Object value, StrategyParameters analysis) {
    if (!(value instanceof JsonObject)) {
      analysis.error("", "analysis is {\"duration\": ms, \"minSamples\": n, \"maxErrorRate\": 0.05, \"minSuccessRate\": 0.99}");
      return PlannedStep.analysis(0, 1, 0, Optional.empty());
    }
    analysis.allowOnly(Set.of("duration", "minSamples", "maxErrorRate", "minSuccessRate"));
    long duration = analysis.millis("duration", 60_000);
    int minSamples = analysis.integer("minSamples", 100, 1, 1_000_000);
    double maxErrorRate = analysis.fraction("maxErrorRate", 0.05);
    Optional<Double> minSuccessRate = analysis.has("minSuccessRate")
        ? Optional.of(analysis.fraction("minSuccessRate", 0.99)) : Optional.empty();
    return PlannedStep.analysis(duration, minSamples, maxErrorRate, minSuccessRate);
  }

  private static PlannedStep pause(Object value, StrategyParameters pause) {
    if (!(value instanceof JsonObject)) {
      pause.error("", "pause is {\"duration\": ms}, or {} to wait for a promote");
      return PlannedStep.pause(null);
    }
    pause.allowOnly(Set.of("duration"));
    return PlannedStep.pause(pause.has("duration") ? pause.millis("duration", 0) : null);
  }

  private static Optional<Long> maxDuration(StrategyParameters parameters) {
    return parameters.has("maxDuration") ? Optional.of(parameters.millis("maxDuration", 0)).filter(ms -> ms > 0)
        : Optional.empty();
  }

  @Override
  public Type type() {
    return Type.CANARY;
  }

  @Override
  public JsonObject toJson() {
    return form.copy();
  }

  @Override
  public List<PlannedStep> plan(List<String> instances) {
    List<PlannedStep> plan = new ArrayList<>();
    plan.add(PlannedStep.of(StepKind.LOAD));
    plan.addAll(steps);
    plan.add(PlannedStep.of(StepKind.SWITCH));
    return plan;
  }
}
