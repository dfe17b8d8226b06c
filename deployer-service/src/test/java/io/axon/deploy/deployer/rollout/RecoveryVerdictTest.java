package io.axon.deploy.deployer.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecoveryVerdictTest {

  @Test
  void executionsThatSucceedPassAndTheNumbersAreSaid() {
    RecoveryVerdict verdict = RecoveryVerdict.judge("1.0.0", 400, 0, 0.05, 5_000);
    assertThat(verdict.passed()).isTrue();
    assertThat(verdict.traffic()).isTrue();
    assertThat(verdict.summary()).contains("0 of 400 executions of 1.0.0 failed", "succeed again");
  }

  @Test
  void tooManyErrorsFail() {
    RecoveryVerdict verdict = RecoveryVerdict.judge("1.0.0", 100, 30, 0.05, 5_000);
    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.summary()).contains("30 of 100", "0.300", "above the 0.050 allowed");
  }

  @Test
  void noTrafficIsReportedAsSuchNotFailed() {
    RecoveryVerdict verdict = RecoveryVerdict.judge("1.0.0", 0, 0, 0.05, 5_000);
    assertThat(verdict.passed()).isTrue();
    assertThat(verdict.traffic()).isFalse();
    assertThat(verdict.summary()).contains("no execution", "nothing to judge");
  }
}
