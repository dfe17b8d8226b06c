package io.axon.deploy.deployer.strategy;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/** Load the version on every instance, then switch all traffic to it. */
public record ImmediateStrategy() implements Strategy {
  public static final ImmediateStrategy INSTANCE = new ImmediateStrategy();

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
    return new JsonObject().put("type", type().wire());
  }

  @Override
  public List<PlannedStep> plan(List<String> instances) {
    return List.of(PlannedStep.of(StepKind.LOAD), PlannedStep.of(StepKind.SWITCH));
  }
}
