package io.axon.deploy.deployer.strategy;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Load the new version beside the old as the preview, check its health and run the definition's
 * smoke tests through preview routing, wait {@code switchTrafficDelay}, then switch 100% at once.
 * With {@code keepOldVersion} the old version stays loaded at weight 0, ready to switch back to.
 */
public record BlueGreenStrategy(long healthCheckTimeout, long switchTrafficDelay, boolean keepOldVersion)
    implements Strategy {

  static BlueGreenStrategy read(StrategyParameters parameters) {
    parameters.allowOnly(Set.of("healthCheckTimeout", "switchTrafficDelay", "keepOldVersion"));
    return new BlueGreenStrategy(parameters.millis("healthCheckTimeout", 30_000),
        parameters.millis("switchTrafficDelay", 0), parameters.flag("keepOldVersion", true));
  }

  @Override
  public Type type() {
    return Type.BLUE_GREEN;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("type", type().wire()).put("healthCheckTimeout", healthCheckTimeout)
        .put("switchTrafficDelay", switchTrafficDelay).put("keepOldVersion", keepOldVersion);
  }

  @Override
  public List<PlannedStep> plan(List<String> instances) {
    List<PlannedStep> steps = new ArrayList<>();
    steps.add(PlannedStep.of(StepKind.LOAD));
    steps.add(PlannedStep.of(StepKind.PREVIEW));
    steps.add(new PlannedStep(StepKind.HEALTH_CHECK, new JsonObject().put("timeout", healthCheckTimeout)));
    steps.add(PlannedStep.of(StepKind.SMOKE_TESTS));
    if (switchTrafficDelay > 0) {
      steps.add(PlannedStep.pause(switchTrafficDelay));
    }
    steps.add(new PlannedStep(StepKind.SWITCH, new JsonObject().put("keepOldVersion", keepOldVersion)));
    return steps;
  }
}
