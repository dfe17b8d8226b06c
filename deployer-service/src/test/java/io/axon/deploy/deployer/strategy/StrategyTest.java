package io.axon.deploy.deployer.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.common.error.ProblemException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrategyTest {

  private static List<String> kinds(List<PlannedStep> plan) {
    return plan.stream().map(step -> step.kind().wire()).toList();
  }

  private static List<String> problems(Object strategy) {
    try {
      Strategy.fromRequest(strategy);
    } catch (ProblemException e) {
      return e.problem().errors().stream().map(FieldError::path).toList();
    }
    throw new AssertionError("accepted " + strategy);
  }

  @Test
  void theSeedsCanaryFormStepsUpByItsIncrementEachHeldByAnAnalysisOfItsThresholds() {
    Strategy canary = Strategy.fromRequest(new JsonObject().put("type", "canary").put("trafficPercentage", 10)
        .put("incrementPercentage", 40).put("incrementInterval", 5_000).put("maxDuration", 60_000)
        .put("successThreshold", 0.98).put("rollbackThreshold", 0.1).put("minSamples", 50));
    List<PlannedStep> plan = canary.plan(List.of("a"));
    assertThat(kinds(plan)).containsExactly("load", "set-weight", "analysis", "set-weight", "analysis", "set-weight",
        "analysis", "switch");
    assertThat(plan.stream().filter(s -> s.kind() == StepKind.SET_WEIGHT).map(s -> s.parameters().getInteger("weight")))
        .containsExactly(10, 50, 90);
    assertThat(plan.get(2).parameters()).isEqualTo(new JsonObject().put("duration", 5_000L).put("minSamples", 50)
        .put("maxErrorRate", 0.1).put("minSuccessRate", 0.98));
    assertThat(canary.maxDuration()).contains(60_000L);
  }

  @Test
  void explicitCanaryStepsKeepTheirOrderAndAPauseWithoutDurationWaitsForAPromote() {
    Strategy canary = Strategy.fromRequest(new JsonObject().put("type", "canary").put("steps", new JsonArray()
        .add(new JsonObject().put("setWeight", 20)).add(new JsonObject().put("pause", new JsonObject()))
        .add(new JsonObject().put("setWeight", 60)).add(new JsonObject().put("pause", new JsonObject().put("duration", 1_000)))));
    List<PlannedStep> plan = canary.plan(List.of());
    assertThat(kinds(plan)).containsExactly("load", "set-weight", "pause", "set-weight", "pause", "switch");
    assertThat(plan.get(2).parameters().containsKey("duration")).isFalse();
    assertThat(Strategy.fromJson(canary.toJson())).isEqualTo(canary);
  }

  @Test
  void anAnalysisStepTakesItsCriteriaOrTheirDefaults() {
    Strategy canary = Strategy.fromRequest(new JsonObject().put("type", "canary").put("steps", new JsonArray()
        .add(new JsonObject().put("setWeight", 10))
        .add(new JsonObject().put("analysis", new JsonObject().put("duration", 10_000).put("minSamples", 40)))
        .add(new JsonObject().put("analysis", new JsonObject()))));
    List<PlannedStep> plan = canary.plan(List.of());
    assertThat(kinds(plan)).containsExactly("load", "set-weight", "analysis", "analysis", "switch");
    assertThat(plan.get(2).parameters()).isEqualTo(new JsonObject().put("duration", 10_000L).put("minSamples", 40)
        .put("maxErrorRate", 0.05));
    assertThat(plan.get(3).parameters().getLong("duration")).isEqualTo(60_000);
    assertThat(plan.get(3).parameters().getInteger("minSamples")).isEqualTo(100);
  }

  @Test
  void blueGreenPreviewsChecksAndSwitchesAfterItsDelay() {
    Strategy blueGreen = Strategy.fromRequest(new JsonObject().put("type", "blue-green").put("switchTrafficDelay", 2_000)
        .put("keepOldVersion", false));
    List<PlannedStep> plan = blueGreen.plan(List.of("a"));
    assertThat(kinds(plan)).containsExactly("load", "preview", "health-check", "smoke-tests", "pause", "switch");
    assertThat(plan.get(2).parameters().getLong("timeout")).isEqualTo(30_000);
    assertThat(plan.get(5).parameters().getBoolean("keepOldVersion")).isFalse();
  }

  @Test
  void rollingBatchesTheInstancesInAStableOrderWithItsDelayBetween() {
    Strategy rolling = Strategy.fromRequest(new JsonObject().put("type", "rolling").put("batchSize", 2).put("batchDelay", 500));
    List<PlannedStep> plan = rolling.plan(List.of("e", "c", "a", "d", "b"));
    assertThat(kinds(plan)).containsExactly("batch", "pause", "batch", "pause", "batch", "switch");
    assertThat(plan.get(0).parameters().getJsonArray("instances")).containsExactly("a", "b");
    assertThat(plan.get(4).parameters().getJsonArray("instances")).containsExactly("e");
  }

  @Test
  void everyBrokenRuleIsListedWithItsPath() {
    assertThat(problems(new JsonObject().put("type", "canary").put("trafficPercentage", 0).put("incrementInterval", -1)
        .put("successThreshold", 2).put("steps2", 1)))
        .containsExactlyInAnyOrder("/strategy/steps2", "/strategy/trafficPercentage", "/strategy/incrementInterval",
            "/strategy/successThreshold");
    assertThat(problems(new JsonObject().put("type", "canary").put("steps", new JsonArray()
        .add(new JsonObject().put("setWeight", 101)).add(new JsonObject().put("pause", "soon"))
        .add(new JsonObject().put("analysis", new JsonObject().put("minSamples", 0).put("judge", "me")))
        .add(new JsonObject().put("jump", 1)))))
        .containsExactly("/strategy/steps/0/setWeight", "/strategy/steps/1/pause", "/strategy/steps/2/analysis/judge",
            "/strategy/steps/2/analysis/minSamples", "/strategy/steps/3");
    assertThat(problems(new JsonObject().put("type", "blue-green").put("healthCheckTimeout", "30s").put("keepOldVersion", 1)))
        .containsExactlyInAnyOrder("/strategy/healthCheckTimeout", "/strategy/keepOldVersion");
    assertThat(problems(new JsonObject().put("type", "rolling").put("batchSize", 0).put("batchDelay", Long.MAX_VALUE)))
        .containsExactlyInAnyOrder("/strategy/batchSize", "/strategy/batchDelay");
    assertThat(problems("warp")).containsExactly("/strategy");
    assertThatThrownBy(() -> Strategy.fromRequest(42)).isInstanceOf(ProblemException.class)
        .satisfies(e -> assertThat(((ProblemException) e).problem().status()).isEqualTo(400));
  }
}
