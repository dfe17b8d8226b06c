package io.axon.deploy.monitor.judgement;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.deployer.TriggerType;
import io.axon.deploy.common.deployer.WatchedDeployment.Trigger;
import io.axon.deploy.monitor.judgement.Verdict.Outcome;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TriggerJudgeTest {
  private static final Trigger ERROR_RATE = new Trigger(TriggerType.ERROR_RATE, 0.05, 2_000, 20, Optional.empty());
  private static final Trigger LATENCY = new Trigger(TriggerType.RESPONSE_TIME, 500, 2_000, 20, Optional.of("p95"));
  private static final Trigger HEALTH = new Trigger(TriggerType.HEALTH_CHECK, 80, 2_000, 2, Optional.empty());
  private static final Trigger CUSTOM = new Trigger(TriggerType.CUSTOM_METRIC, 10, 5_000, 5, Optional.of("queue.depth"));

  private final TriggerJudge judge = new TriggerJudge();

  private static Series executions(String version, long count, long errors) {
    return new Series(version, count, errors, new double[0]);
  }

  private static Series values(String version, double... values) {
    return new Series(version, values.length, 0, values);
  }

  @Test
  void tooFewExecutionsAreInconclusiveHoweverBadTheyLook() {
    Verdict verdict = judge.judge("d#0", ERROR_RATE, executions("1.1.0", 19, 19), Optional.empty(), 0);
    assertThat(verdict.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(verdict.summary()).contains("19 executions").contains("fewer than 20");
  }

  @Test
  void anErrorRateAboveTheThresholdFiresWithTheNumbersThatFiredIt() {
    Verdict verdict = judge.judge("d#0", ERROR_RATE, executions("1.1.0", 100, 31), Optional.empty(), 0);
    assertThat(verdict.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(verdict.evidence().getJsonObject("observed").getLong("errors")).isEqualTo(31);
    assertThat(verdict.evidence().getJsonObject("observed").getDouble("errorRate")).isEqualTo(0.31);
    assertThat(verdict.evidence().getDouble("threshold")).isEqualTo(0.05);
    assertThat(judge.judge("d#0", ERROR_RATE, executions("1.1.0", 100, 5), Optional.empty(), 0).outcome())
        .isEqualTo(Outcome.PASS);
  }

  @Test
  void aFewUnluckyExecutionsAreNotAnErrorRateAboveTheThresholdButManyAre() {
    // a healthy version failing 2%: 4 failures in 72 is 5.6%, which chance explains (p = 0.47)
    Verdict unlucky = judge.judge("d#0", ERROR_RATE, executions("1.0.0", 72, 4), Optional.empty(), 0);
    assertThat(unlucky.outcome()).isEqualTo(Outcome.PASS);
    assertThat(unlucky.summary()).contains("not above 0.05 beyond chance");
    // the same share over 100,000 executions is no accident
    assertThat(judge.judge("d#0", ERROR_RATE, executions("1.0.0", 100_000, 5_600), Optional.empty(), 0).outcome())
        .isEqualTo(Outcome.FAIL);
    // a bad version clears the bar within its first 20 executions: 7 failures (6 is p = 0.0003)
    assertThat(judge.judge("d#0", ERROR_RATE, executions("1.1.0", 20, 7), Optional.empty(), 0).outcome())
        .isEqualTo(Outcome.FAIL);
    assertThat(judge.judge("d#0", ERROR_RATE, executions("1.1.0", 20, 6), Optional.empty(), 0).outcome())
        .isEqualTo(Outcome.PASS);
  }

  @Test
  void aCanaryIsJudgedAgainstItsStableVersionOverTheSameWindow() {
    // a bad canary: 6 of 20 against 2 of 180
    Verdict bad = judge.judge("d#0", ERROR_RATE, executions("1.1.0", 20, 6), Optional.of(executions("1.0.0", 180, 2)), 0);
    assertThat(bad.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(bad.evidence().getDouble("pValue")).isLessThan(Comparison.ALPHA);
    assertThat(bad.summary()).contains("Fisher's exact test");
    // both suffer alike (a downstream outage): above the threshold, but not the canary's fault
    Verdict alike = judge.judge("d#0", ERROR_RATE, executions("1.1.0", 40, 8), Optional.of(executions("1.0.0", 360, 70)), 0);
    assertThat(alike.outcome()).isEqualTo(Outcome.PASS);
    assertThat(alike.summary()).contains("not worse than 1.0.0");
  }

  @Test
  void aHealthyCanaryWithTheSameNoiseAsItsStableVersionIsNotFiredOnOverManyLooks() {
    Random random = new Random(42);
    int fired = 0;
    for (int look = 0; look < 10_000; look++) {
      Series canary = executions("1.1.0", 40, binomial(random, 40, 0.02));
      Series stable = executions("1.0.0", 360, binomial(random, 360, 0.02));
      if (judge.judge("d#0", ERROR_RATE, canary, Optional.of(stable), 0).failed()) {
        fired++;
      }
    }
    assertThat(fired).as("rollbacks of a healthy canary in 10,000 independent looks").isLessThanOrEqualTo(1);
  }

  @Test
  void aSlowCanaryFiresOnItsPercentileAndItsRanks() {
    double[] slow = new double[50];
    double[] usual = new double[450];
    Arrays.fill(slow, 800);
    Arrays.setAll(usual, i -> 20 + i % 10);
    Verdict verdict = judge.judge("d#1", LATENCY, values("1.1.0", slow), Optional.of(values("1.0.0", usual)), 0);
    assertThat(verdict.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(verdict.evidence().getDouble("value")).isEqualTo(800.0);
    assertThat(verdict.summary()).contains("Mann-Whitney U");
    assertThat(judge.judge("d#1", LATENCY, values("1.1.0", usual), Optional.empty(), 0).outcome()).isEqualTo(Outcome.PASS);
  }

  @Test
  void healthMustStayBelowForTheDurationAndTheEvaluations() {
    Series low = values("1.1.0", 100, 40);
    assertThat(judge.judge("d#2", HEALTH, low, Optional.empty(), 0).outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(judge.judge("d#2", HEALTH, low, Optional.empty(), 1_000).outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    Verdict fired = judge.judge("d#2", HEALTH, low, Optional.empty(), 2_000);
    assertThat(fired.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(fired.evidence().getDouble("value")).isEqualTo(40.0);
    assertThat(fired.evidence().getLong("belowForMs")).isEqualTo(2_000);
    // a recovery in between starts the clock again
    judge.judge("d#3", HEALTH, low, Optional.empty(), 0);
    judge.judge("d#3", HEALTH, values("1.1.0", 100, 100), Optional.empty(), 1_000);
    assertThat(judge.judge("d#3", HEALTH, low, Optional.empty(), 2_000).outcome()).isEqualTo(Outcome.INCONCLUSIVE);
  }

  @Test
  void aCustomMetricFiresOnItsMean() {
    assertThat(judge.judge("d#4", CUSTOM, values("1.1.0", 12, 14, 11, 13, 15), Optional.empty(), 0).outcome())
        .isEqualTo(Outcome.FAIL);
    assertThat(judge.judge("d#4", CUSTOM, values("1.1.0", 2, 4, 1, 3, 5), Optional.empty(), 0).outcome())
        .isEqualTo(Outcome.PASS);
    assertThat(judge.judge("d#4", CUSTOM, values("1.1.0", 12, 14), Optional.empty(), 0).outcome())
        .isEqualTo(Outcome.INCONCLUSIVE);
  }

  private static long binomial(Random random, int n, double p) {
    long k = 0;
    for (int i = 0; i < n; i++) {
      if (random.nextDouble() < p) {
        k++;
      }
    }
    return k;
  }
}
