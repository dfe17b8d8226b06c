package io.axon.deploy.monitor.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.engine.EngineInstance;
import io.axon.deploy.common.monitor.InstanceStatus;
import io.axon.deploy.common.monitor.InstanceView;
import io.axon.deploy.common.monitor.InstanceView.HostedVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What one instance's polls change: its status (the first verdict included) and the versions it hosts. */
class InstanceTrackerTest {
  private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
  private final HealthJudge judge = new HealthJudge(2);
  private final InstanceTracker tracker = new InstanceTracker(new EngineInstance("dev-1", "development", "127.0.0.1", 9101));

  private static InstanceTracker.Poll answer(String status, String... versions) {
    JsonArray hosted = new JsonArray();
    for (String version : versions) {
      hosted.add(new JsonObject().put("workflow", "order-sync").put("version", version).put("digest", "x"));
    }
    return InstanceTracker.Poll.answered(new JsonObject().put("status", status).put("score", 100),
        new JsonObject().put("instanceId", "dev-1").put("nodeTypes", new JsonObject().put("http", "1.0.0"))
            .put("services", new JsonObject().put("gateway", "1.0.0")).put("libraries", new JsonObject().put("vertx", "5.0.7"))
            .put("versions", hosted));
  }

  @Test
  void theFirstVerdictIsAChangeFromNothingAndRepeatsAreNot() {
    InstanceTracker.Update first = tracker.observe(answer("healthy", "1.0.0"), judge, NOW);
    assertThat(first.status()).hasValueSatisfying(change -> {
      assertThat(change.previous()).isEmpty();
      assertThat(change.view().status()).isEqualTo(InstanceStatus.HEALTHY);
      assertThat(change.view().versions()).containsExactly(new HostedVersion("order-sync", "1.0.0"));
      assertThat(change.view().nodeTypes()).containsEntry("http", "1.0.0");
      assertThat(change.view().services()).as("what service dependencies are checked against").containsEntry("gateway", "1.0.0");
      assertThat(change.view().libraries()).containsEntry("vertx", "5.0.7");
      assertThat(InstanceView.fromJson(change.view().toJson())).isEqualTo(change.view());
      assertThat(change.view().health().getString("lastCheck")).isEqualTo(NOW.toString());
    });
    assertThat(first.versions()).as("the first poll's versions ride on its status change").isEmpty();
    assertThat(tracker.observe(answer("healthy", "1.0.0"), judge, NOW).status()).isEmpty();
  }

  @Test
  void unhealthyAfterTwoFailuresWithTheReasonInItsHealthThenHealthyAgain() {
    tracker.observe(answer("healthy"), judge, NOW);
    assertThat(tracker.observe(InstanceTracker.Poll.unanswered("Connection refused"), judge, NOW).status()).isEmpty();
    InstanceTracker.Update down = tracker.observe(InstanceTracker.Poll.unanswered("Connection refused"), judge, NOW);
    assertThat(down.status()).hasValueSatisfying(change -> {
      assertThat(change.previous()).contains(InstanceStatus.HEALTHY);
      assertThat(change.view().health().getString("error")).isEqualTo("Connection refused");
      assertThat(change.view().health().getInteger("consecutiveFailures")).isEqualTo(2);
    });
    assertThat(tracker.observe(answer("healthy"), judge, NOW).status()).hasValueSatisfying(change ->
        assertThat(change.previous()).contains(InstanceStatus.UNHEALTHY));
  }

  @Test
  void aChangedSetOfHostedVersionsIsReportedWithThePreviousOne() {
    tracker.observe(answer("healthy", "1.0.0", "1.1.0"), judge, NOW);
    assertThat(tracker.observe(answer("healthy", "1.1.0", "1.0.0"), judge, NOW).versions()).as("same set").isEmpty();
    InstanceTracker.Update restartedEmpty = tracker.observe(answer("healthy"), judge, NOW);
    assertThat(restartedEmpty.versions()).hasValueSatisfying(change -> {
      assertThat(change.previous()).containsExactly(new HostedVersion("order-sync", "1.0.0"),
          new HostedVersion("order-sync", "1.1.0"));
      assertThat(change.view().versions()).isEmpty();
    });
  }

  @Test
  void answersOutsideTheContractAreNoAnswer() {
    assertThat(InstanceTracker.Poll.answered(new JsonObject().put("score", 100), new JsonObject().put("instanceId", "dev-1"))
        .probe()).isInstanceOf(Probe.Unanswered.class);
    assertThat(InstanceTracker.Poll.answered(new JsonObject().put("status", "healthy"), new JsonObject()).probe())
        .isInstanceOf(Probe.Unanswered.class);
    assertThat(InstanceTracker.Poll.answered(new JsonObject().put("status", "healthy"), new JsonObject().put("instanceId", "dev-1"))
        .probe()).as("no score: taken at its word").isEqualTo(new Probe.Answered("healthy", 100, "dev-1"));
    assertThat(List.of(tracker.observe(InstanceTracker.Poll.unanswered("x"), judge, NOW).status())).containsOnly(java.util.Optional.empty());
  }
}
