package io.axon.deploy.monitor.custom;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.monitor.custom.CustomMetrics.Sample;
import io.axon.deploy.monitor.custom.CustomMetrics.Taken;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CustomMetricsTest {
  private static final long T0 = 1_700_000_000_500L;
  private final AtomicLong clock = new AtomicLong(T0);
  private final CustomMetrics metrics = new CustomMetrics(300_000, clock::get);

  private static Sample sample(String version, double value, long at) {
    return new Sample("production", "checkout", version, "declines", value, at);
  }

  @Test
  void aWindowHoldsItsVersionsSamplesFromItsStart() {
    metrics.record(sample("1.1.0", 5, T0 - 10_000));
    metrics.record(sample("1.1.0", 7, T0 - 1_000));
    metrics.record(sample("1.0.0", 1, T0 - 1_000));
    assertThat(metrics.values("production", "checkout", "1.1.0", "declines", T0 - 2_000)).containsExactly(7.0);
    assertThat(metrics.values("production", "checkout", "1.1.0", "declines", T0 - 20_000)).containsExactlyInAnyOrder(5.0, 7.0);
    assertThat(metrics.values("production", "checkout", "1.2.0", "declines", T0 - 20_000)).isEmpty();
  }

  @Test
  void samplesOutsideTheRetentionOrBeyondTheRateOfASecondAreNotKept() {
    assertThat(metrics.record(sample("1.1.0", 1, T0 - 301_000))).isEqualTo(Taken.OUTSIDE_RETENTION);
    assertThat(metrics.record(sample("1.1.0", 1, T0 + 60_000))).isEqualTo(Taken.OUTSIDE_RETENTION);
    for (int i = 0; i < CustomMetrics.PER_SECOND; i++) {
      assertThat(metrics.record(sample("1.1.0", i, T0))).isEqualTo(Taken.KEPT);
    }
    assertThat(metrics.record(sample("1.1.0", 1, T0))).isEqualTo(Taken.OVER_RATE);
  }

  @Test
  void aLongWindowIsThinnedEvenlyNotCopiedWhole() {
    for (int second = 0; second < 60; second++) {
      clock.set(T0 + second * 1_000L);
      for (int i = 0; i < CustomMetrics.PER_SECOND; i++) {
        metrics.record(sample("1.1.0", second, clock.get()));
      }
    }
    double[] values = metrics.values("production", "checkout", "1.1.0", "declines", T0);
    assertThat(values.length).isLessThanOrEqualTo(CustomMetrics.MAX_VALUES + 60).isGreaterThan(CustomMetrics.MAX_VALUES / 2);
    assertThat(values).contains(0.0, 59.0);
  }

  @Test
  void newSeriesAreCountedBeforeAnyIsKept() {
    metrics.record(sample("1.1.0", 1, T0));
    assertThat(metrics.newSeries(List.of(sample("1.1.0", 2, T0), sample("1.2.0", 2, T0), sample("1.2.0", 3, T0))))
        .isEqualTo(1);
  }
}
