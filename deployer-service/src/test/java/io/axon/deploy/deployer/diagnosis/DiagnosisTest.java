package io.axon.deploy.deployer.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.deployer.deployment.Deployment;
import io.axon.deploy.deployer.deployment.Deployment.Rollback;
import io.axon.deploy.deployer.deployment.Deployment.Timing;
import io.axon.deploy.deployer.deployment.DeploymentStatus;
import io.axon.deploy.deployer.deployment.EmergencyRollback;
import io.axon.deploy.deployer.deployment.Step;
import io.axon.deploy.deployer.strategy.ImmediateStrategy;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DiagnosisTest {
  private static final Instant AT = Instant.parse("2026-11-28T09:00:00Z");

  @Test
  void aRollbackTriggerThatFiredIsTheCauseWithItsNumbersQuoted() {
    JsonObject trigger = new JsonObject().put("type", "error_rate").put("threshold", 0.1).put("duration", 60_000)
        .put("minSamples", 50).put("firedAt", "2026-11-28T09:01:00Z")
        .put("observed", new JsonObject().put("version", "1.2.0").put("count", 80).put("errors", 40).put("errorRate", 0.5))
        .put("baseline", new JsonObject().put("version", "1.1.0").put("count", 200).put("errors", 0));
    Deployment deployment = deployment(DeploymentStatus.FAILED, "error_rate 0.5 above 0.1",
        Optional.of(new Rollback(Optional.of("1.1.0"), DeploymentStatus.FAILED, Optional.of(trigger))),
        List.of(step(1, "load", Step.Status.SUCCEEDED, new JsonObject()), step(2, "restore", Step.Status.SUCCEEDED, new JsonObject())));

    Diagnosis.Finding finding = Diagnosis.of(deployment);

    assertThat(finding.cause().kind()).isEqualTo("trigger_fired");
    assertThat(finding.cause().summary()).contains("error_rate", "1.2.0", "errorRate 0.5", "count 80", "errors 40",
        "threshold of 0.1", "60000 ms", "at least 50 samples", "baseline had");
    assertThat(finding.evidence()).first().satisfies(item -> assertThat(item.get("type")).isEqualTo("trigger"));
    assertThat(finding.nextActions()).anyMatch(a -> a.contains("publish a patch"));
    assertThat(finding.nextActions()).anyMatch(a -> a.contains("rollbackPolicy"));
  }

  @Test
  void aFailedSmokeTestNamesTheTestWhatDifferedAndTheFailingNode() {
    String error = "smoke tests failed: 'happy path' expected status succeeded, got failed"
        + " ({\"type\":\"node_failed\",\"node\":\"charge\",\"message\":\"card declined\"})";
    Deployment deployment = deployment(DeploymentStatus.FAILED, error, Optional.empty(),
        List.of(step(1, "load", Step.Status.SUCCEEDED, new JsonObject()),
            step(2, "smoke-tests", Step.Status.FAILED, new JsonObject().put("error", error))));

    Diagnosis.Finding finding = Diagnosis.of(deployment);

    assertThat(finding.cause().kind()).isEqualTo("smoke_test_failed");
    assertThat(finding.cause().summary()).startsWith("smoke test 'happy path' failed: ").contains("got failed");
    assertThat(finding.nextActions()).contains("fix node `charge` of 1.2.0 and publish a patch");
  }

  @Test
  void aHealthCheckThatTimedOutSuggestsALongerTimeout() {
    Deployment deployment = deployment(DeploymentStatus.FAILED, "instances [e1] were not healthy within 30000 ms",
        Optional.empty(), List.of(step(1, "health-check", Step.Status.FAILED, new JsonObject().put("timeout", 30_000)
            .put("error", "instances [e1] were not healthy within 30000 ms"))));
    Diagnosis.Finding finding = Diagnosis.of(deployment);
    assertThat(finding.cause().kind()).isEqualTo("health_check_failed");
    assertThat(finding.nextActions()).contains("raise healthCheckTimeout above 30000 ms");
  }

  @Test
  void anEngineThatRefusedTheDefinitionIsAVersionConflict() {
    String error = "instance development-1 refused to load orders 1.2.0 (422): unknown node type 'teleport'";
    Deployment deployment = deployment(DeploymentStatus.FAILED, error, Optional.empty(),
        List.of(step(1, "load", Step.Status.FAILED, new JsonObject().put("error", error))));
    Diagnosis.Finding finding = Diagnosis.of(deployment);
    assertThat(finding.cause().kind()).isEqualTo("version_conflict");
    assertThat(finding.nextActions()).anyMatch(a -> a.startsWith("check the engines' node types"));
  }

  @Test
  void otherFailuresAreReadFromTheirStepOrTheirReason() {
    assertThat(Diagnosis.of(deployment(DeploymentStatus.FAILED, "its progress deadline of 1500 ms passed", Optional.empty(),
        List.of())).cause().kind()).isEqualTo("progress_deadline");
    assertThat(Diagnosis.of(deployment(DeploymentStatus.FAILED, "no healthy engine instance", Optional.empty(),
        List.of(step(1, "switch", Step.Status.FAILED, new JsonObject().put("error", "no healthy engine instance")))))
        .cause().kind()).isEqualTo("step_failed");
    assertThat(Diagnosis.of(deployment(DeploymentStatus.FAILED, "x", Optional.empty(),
        List.of(step(1, "restore", Step.Status.FAILED, new JsonObject().put("error", "gateway gone")))))
        .cause().kind()).isEqualTo("rollback_failed");
    assertThat(Diagnosis.of(deployment(DeploymentStatus.FAILED, "x", Optional.empty(),
        List.of(step(2, "analysis", Step.Status.FAILED, new JsonObject().put("error", "error rate 0.3 above 0.05")))))
        .cause().summary()).isEqualTo("the canary analysis at step 2 failed: error rate 0.3 above 0.05");
    assertThat(Diagnosis.of(deployment(DeploymentStatus.SUPERSEDED, "superseded by deployment d2", Optional.empty(),
        List.of())).cause().summary()).contains("d2");
  }

  @Test
  void anAbortSaysByWhomAndAnEmergencyStopSaysWhoseRollback() {
    Diagnosis.Finding aborted = Diagnosis.of(deployment(DeploymentStatus.ABORTED, "aborted by alice: seen enough",
        Optional.empty(), List.of()));
    assertThat(aborted.cause().kind()).isEqualTo("aborted");
    assertThat(aborted.cause().summary()).isEqualTo("aborted by alice: seen enough");
    assertThat(aborted.nextActions()).anyMatch(a -> a.contains("alice"));

    Diagnosis.Finding stopped = Diagnosis.of(deployment(DeploymentStatus.ABORTED,
        EmergencyRollback.STOPPED + "bob (deployment e1): payments failing", Optional.empty(), List.of()));
    assertThat(stopped.cause().kind()).isEqualTo("emergency_rollback");
    assertThat(stopped.cause().summary()).isEqualTo("stopped by the emergency rollback of bob: payments failing");
    assertThat(stopped.nextActions()).anyMatch(a -> a.contains("/api/v1/deployments/e1"));
  }

  @Test
  void aDeploymentThatWentWellOrStillRunsHasNoCause() {
    Diagnosis.Finding succeeded = Diagnosis.of(deployment(DeploymentStatus.SUCCEEDED, null, Optional.empty(), List.of()));
    assertThat(succeeded.cause().kind()).isEqualTo("none");
    assertThat(succeeded.cause().summary()).contains("nothing went wrong");
    Diagnosis.Finding running = Diagnosis.of(deployment(DeploymentStatus.IN_PROGRESS, null, Optional.empty(),
        List.of(step(1, "load", Step.Status.RUNNING, new JsonObject()))));
    assertThat(running.cause().kind()).isEqualTo("none");
    assertThat(running.cause().summary()).contains("in_progress at step 1 (load)");
    assertThat(running.evidence()).isEmpty();
  }

  private static Deployment deployment(DeploymentStatus status, String failure, Optional<Rollback> rollback,
      List<Step> steps) {
    return new Deployment("d1", "orders", "1.2.0", "development", ImmediateStrategy.INSTANCE, status,
        Optional.of("1.1.0"), Optional.of("test"), Optional.ofNullable(failure), Optional.ofNullable(failure), "alice",
        AT, Optional.of(AT), Optional.empty(), new Timing(1_500, Optional.empty(), Optional.empty()), rollback,
        new ArrayList<>(steps));
  }

  private static Step step(int seq, String name, Step.Status status, JsonObject detail) {
    return new Step(seq, name, status, detail, Optional.of(AT), Optional.empty());
  }
}
