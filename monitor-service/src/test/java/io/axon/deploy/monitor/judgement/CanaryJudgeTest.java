package io.axon.deploy.monitor.judgement;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.monitor.judgement.CanaryJudge.Criteria;
import io.axon.deploy.monitor.judgement.Verdict.Outcome;
import java.util.Arrays;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class CanaryJudgeTest {
  private static final Criteria CRITERIA = new Criteria(100, 0.05, Optional.empty());

  private static Series latencies(String version, long count, long errors, double ms) {
    double[] values = new double[(int) count];
    Arrays.fill(values, ms);
    return new Series(version, count, errors, values);
  }

  @Test
  void tooFewExecutionsOfEitherVersionIsInconclusiveNeverAPass() {
    assertThat(CanaryJudge.judge(latencies("1.1.0", 99, 0, 10), Optional.of(latencies("1.0.0", 900, 0, 10)), CRITERIA)
        .outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(CanaryJudge.judge(latencies("1.1.0", 100, 0, 10), Optional.of(latencies("1.0.0", 50, 0, 10)), CRITERIA)
        .outcome()).isEqualTo(Outcome.INCONCLUSIVE);
  }

  @Test
  void aCanaryAsGoodAsItsBaselinePasses() {
    Verdict verdict = CanaryJudge.judge(latencies("1.1.0", 100, 1, 10), Optional.of(latencies("1.0.0", 900, 9, 10)),
        CRITERIA);
    assertThat(verdict.outcome()).isEqualTo(Outcome.PASS);
    assertThat(verdict.evidence().getJsonObject("errorRate").getDouble("pValue")).isGreaterThan(0.1);
  }

  @Test
  void moreErrorsThanItsBaselineBeyondChanceFailsEvenUnderTheThreshold() {
    Verdict verdict = CanaryJudge.judge(latencies("1.1.0", 200, 9, 10), Optional.of(latencies("1.0.0", 1800, 0, 10)),
        CRITERIA);
    assertThat(verdict.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(verdict.summary()).contains("beyond chance");
  }

  @Test
  void slowerThanItsBaselineBeyondChanceAndTheToleranceFails() {
    assertThat(CanaryJudge.judge(latencies("1.1.0", 100, 0, 30), Optional.of(latencies("1.0.0", 900, 0, 10)), CRITERIA)
        .outcome()).isEqualTo(Outcome.FAIL);
    // 10% slower is within the tolerance, however significant
    assertThat(CanaryJudge.judge(latencies("1.1.0", 100, 0, 11), Optional.of(latencies("1.0.0", 900, 0, 10)), CRITERIA)
        .outcome()).isEqualTo(Outcome.PASS);
  }

  @Test
  void theSeedsBandBetweenSuccessAndRollbackThresholdsKeepsWatching() {
    Criteria seed = new Criteria(100, 0.05, Optional.of(0.99));
    assertThat(CanaryJudge.judge(latencies("1.1.0", 100, 3, 10), Optional.empty(), seed).outcome())
        .isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(CanaryJudge.judge(latencies("1.1.0", 100, 6, 10), Optional.empty(), seed).outcome())
        .isEqualTo(Outcome.FAIL);
    assertThat(CanaryJudge.judge(latencies("1.1.0", 100, 1, 10), Optional.empty(), seed).outcome())
        .isEqualTo(Outcome.PASS);
  }

  @Test
  void latenciesAreDrawnFromTheHistogramInMilliseconds() {
    Histogram micros = new Histogram(2);
    micros.recordValueWithCount(10_000, 30);
    micros.recordValueWithCount(250_000, 10);
    Series series = Series.ofLatencies("1.0.0", 40, 0, micros);
    assertThat(series.values()).hasSize(40);
    assertThat(series.percentile(50)).isBetween(9.9, 10.1);
    assertThat(series.percentile(95)).isBetween(247.0, 253.0);
    Histogram many = new Histogram(2);
    many.recordValueWithCount(10_000, 100_000);
    assertThat(Series.ofLatencies("1.0.0", 100_000, 0, many).values()).hasSize(Series.MAX_VALUES);
  }
}
