package io.axon.deploy.deployer.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.axon.deploy.common.error.ProblemException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmergencyStrategyTest {

  @Test
  void onlyAPersistedDeploymentMayBeAnEmergencyOneNeverARequest() {
    JsonObject emergency = new JsonObject().put("type", "immediate").put("emergency", true);
    assertThatThrownBy(() -> Strategy.fromRequest(emergency)).isInstanceOf(ProblemException.class);
    assertThat(Strategy.fromJson(emergency)).isEqualTo(ImmediateStrategy.EMERGENCY);
    assertThat(Strategy.fromJson(ImmediateStrategy.EMERGENCY.toJson())).isEqualTo(ImmediateStrategy.EMERGENCY);
    assertThat(Strategy.fromJson(ImmediateStrategy.INSTANCE.toJson())).isEqualTo(ImmediateStrategy.INSTANCE);
    assertThat(ImmediateStrategy.INSTANCE.toJson().containsKey("emergency")).isFalse();
  }

  @Test
  void anEmergencyLoadsSwitchesAloneThenChecksThatExecutionsSucceed() {
    List<PlannedStep> plan = ImmediateStrategy.EMERGENCY.plan(List.of("a"));
    assertThat(plan).extracting(PlannedStep::kind).containsExactly(StepKind.LOAD, StepKind.SWITCH, StepKind.HEALTH_CHECK,
        StepKind.SMOKE_TESTS, StepKind.VERIFY);
    assertThat(plan.get(1).parameters().getBoolean("only")).isTrue();
    assertThat(plan.get(4).parameters().getLong("duration")).isEqualTo(ImmediateStrategy.WATCH_MS);
    assertThat(ImmediateStrategy.INSTANCE.plan(List.of("a"))).extracting(PlannedStep::kind)
        .containsExactly(StepKind.LOAD, StepKind.SWITCH);
  }
}
