package io.axon.deploy.monitor.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.monitor.InstanceStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An instance's status from its polls, one after the other, with two consecutive failures tolerated as one. */
class HealthJudgeTest {
  private static final Probe OK = new Probe.Answered("healthy", 100, "dev-1");
  private static final Probe DOWN = new Probe.Unanswered("Connection refused");

  private final HealthJudge judge = new HealthJudge(2);

  /** The status after each probe, from an instance never judged. */
  private List<Optional<InstanceStatus>> run(Probe... probes) {
    Optional<InstanceStatus> status = Optional.empty();
    int failures = 0;
    List<Optional<InstanceStatus>> statuses = new ArrayList<>();
    for (Probe probe : probes) {
      HealthJudge.Verdict verdict = judge.judge(status, failures, "dev-1", probe);
      status = verdict.status();
      failures = verdict.consecutiveFailures();
      statuses.add(status);
    }
    return statuses;
  }

  private static Optional<InstanceStatus> is(InstanceStatus status) {
    return Optional.of(status);
  }

  @Test
  void oneFailureIsToleratedTheSecondInARowMakesItUnhealthyAndOneAnswerBringsItBack() {
    assertThat(run(OK, DOWN, DOWN, DOWN, OK)).containsExactly(is(InstanceStatus.HEALTHY), is(InstanceStatus.HEALTHY),
        is(InstanceStatus.UNHEALTHY), is(InstanceStatus.UNHEALTHY), is(InstanceStatus.HEALTHY));
    assertThat(run(OK, DOWN, OK, DOWN, OK)).as("failures that are not consecutive")
        .allMatch(status -> status.equals(is(InstanceStatus.HEALTHY)));
  }

  @Test
  void anInstanceNeverHeardFromHasNoVerdictUntilItFailedEnough() {
    assertThat(run(DOWN, DOWN)).containsExactly(Optional.empty(), is(InstanceStatus.UNHEALTHY));
    assertThat(new HealthJudge(1).judge(Optional.empty(), 0, "dev-1", DOWN).status()).contains(InstanceStatus.UNHEALTHY);
  }

  @Test
  void whatTheInstanceSaysOfItselfCountsAtOnce() {
    assertThat(run(OK, new Probe.Answered("draining", 0, "dev-1"))).last().isEqualTo(is(InstanceStatus.DRAINING));
    assertThat(run(OK, new Probe.Answered("healthy", 0, "dev-1"))).as("a score of 0").last()
        .isEqualTo(is(InstanceStatus.UNHEALTHY));
    assertThat(run(OK, new Probe.Answered("degraded", 40, "dev-1"))).last().isEqualTo(is(InstanceStatus.UNHEALTHY));
  }

  @Test
  void anotherInstanceAnsweringAtTheAddressMakesTheRecordStale() {
    HealthJudge.Verdict verdict = judge.judge(is(InstanceStatus.HEALTHY), 0, "dev-1",
        new Probe.Answered("healthy", 100, "dev-9"));
    assertThat(verdict.status()).contains(InstanceStatus.UNHEALTHY);
    assertThat(verdict.stale()).isTrue();
    assertThat(verdict.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("dev-9").contains("dev-1"));
  }
}
