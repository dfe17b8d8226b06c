package io.axon.deploy.monitor.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.monitor.ExecutionOutcome;
import io.axon.deploy.common.monitor.ExecutionRecord;
import io.axon.deploy.common.monitor.WindowStats;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Sliding windows against numbers worked out by hand: nearest-rank percentiles (the value below which
 * p% of the sorted latencies fall), which HdrHistogram gives to within its 1% precision, from above.
 */
class ExecutionWindowsTest {
  private static final long T0 = 1_700_000_000_500L; // half a second into a second
  private static final long RETENTION_MS = 300_000;

  private final AtomicLong clock = new AtomicLong(T0);
  private final ExecutionWindows windows = new ExecutionWindows(RETENTION_MS, clock::get);

  private static ExecutionRecord execution(String version, ExecutionOutcome outcome, long latencyMs, long at) {
    return new ExecutionRecord("production", "order-sync", version, Optional.of("d-1"), "production-1", outcome,
        latencyMs * 1000, at);
  }

  private WindowStats only(String version, long windowMs) {
    List<WindowStats> stats = windows.query("production", "order-sync", Optional.of(version), windowMs);
    assertThat(stats).hasSize(1);
    return stats.get(0);
  }

  private static void assertNearestRank(double actualMs, double expectedMs) {
    assertThat(actualMs).isBetween(expectedMs, expectedMs * 1.01);
  }

  @Test
  void countsAndErrorRateLeaveRejectedExecutionsOut() {
    for (int i = 0; i < 7; i++) {
      windows.record(execution("1.0.0", ExecutionOutcome.SUCCEEDED, 10, T0));
    }
    windows.record(execution("1.0.0", ExecutionOutcome.FAILED, 10, T0));
    windows.record(execution("1.0.0", ExecutionOutcome.FAILED, 10, T0 - 2_000));
    windows.record(execution("1.0.0", ExecutionOutcome.ERROR, 10, T0 - 30_000));
    for (int i = 0; i < 3; i++) {
      assertThat(windows.record(execution("1.0.0", ExecutionOutcome.REJECTED, 1, T0))).isFalse();
    }

    WindowStats stats = only("1.0.0", 60_000);
    assertThat(stats.count()).isEqualTo(10);
    assertThat(stats.errors()).isEqualTo(3);
    assertThat(stats.errorRate()).isEqualTo(0.3);
  }

  @Test
  void percentilesAreTheNearestRankOfTheLatenciesInTheWindow() {
    for (int ms = 100; ms >= 1; ms--) { // 1 ms to 100 ms, one each, in no particular order of time
      windows.record(execution("1.0.0", ExecutionOutcome.SUCCEEDED, ms, T0 - (ms % 7) * 1_000));
    }
    WindowStats stats = only("1.0.0", 60_000);
    assertThat(stats.count()).isEqualTo(100);
    assertNearestRank(stats.p50Ms(), 50); // the 50th of 100 sorted values
    assertNearestRank(stats.p95Ms(), 95);
    assertNearestRank(stats.p99Ms(), 99);
  }

  @Test
  void bucketsOfDifferentSecondsMergeIntoOneDistribution() {
    for (int i = 0; i < 50; i++) {
      windows.record(execution("1.0.0", ExecutionOutcome.SUCCEEDED, 10, T0 - 10_000));
      windows.record(execution("1.0.0", ExecutionOutcome.SUCCEEDED, 30, T0));
    }
    WindowStats stats = only("1.0.0", 60_000);
    assertNearestRank(stats.p50Ms(), 10); // ranks 1..50 are 10 ms, 51..100 are 30 ms
    assertNearestRank(stats.p95Ms(), 30);
    assertThat(only("1.0.0", 5_000).count()).as("the last five seconds hold the 30 ms half").isEqualTo(50);
    assertNearestRank(only("1.0.0", 5_000).p50Ms(), 30);
  }

  @Test
  void executionsLeaveTheWindowAsTheClockMovesAndIdleSeriesAreDropped() {
    for (int i = 0; i < 5; i++) {
      windows.record(execution("1.0.0", ExecutionOutcome.SUCCEEDED, 10, T0));
    }
    clock.set(T0 + 30_000);
    for (int i = 0; i < 5; i++) {
      windows.record(execution("1.0.0", ExecutionOutcome.FAILED, 20, T0 + 30_000));
    }
    assertThat(only("1.0.0", 60_000).count()).isEqualTo(10);

    clock.set(T0 + 60_000); // the first second is the 61st back: out of a 60 s window
    WindowStats later = only("1.0.0", 60_000);
    assertThat(later.count()).isEqualTo(5);
    assertThat(later.errorRate()).isEqualTo(1.0);
    assertNearestRank(later.p99Ms(), 20);
    assertThat(only("1.0.0", 120_000).count()).as("a longer window still holds both").isEqualTo(10);

    clock.set(T0 + 91_000);
    assertThat(only("1.0.0", 60_000)).isEqualTo(new WindowStats("1.0.0", 0, 0, 0, 0, 0));
    assertThat(windows.sweep()).as("still within the retention").isZero();

    clock.set(T0 + 30_000 + RETENTION_MS);
    assertThat(windows.sweep()).isEqualTo(1);
    assertThat(windows.size()).isZero();
  }

  @Test
  void recordsOlderThanTheRetentionOrTooFarAheadAreIgnoredAndSlightlyAheadCountsAsNow() {
    assertThat(windows.record(execution("1.0.0", ExecutionOutcome.SUCCEEDED, 10, T0 - RETENTION_MS - 1_000))).isFalse();
    assertThat(windows.record(execution("1.0.0", ExecutionOutcome.SUCCEEDED, 10, T0 + ExecutionWindows.MAX_SKEW_MS + 1)))
        .isFalse();
    assertThat(windows.record(execution("1.0.0", ExecutionOutcome.SUCCEEDED, 10, T0 + 3_000))).isTrue();
    assertThat(windows.record(execution("1.0.0", ExecutionOutcome.SUCCEEDED, 10, T0 - RETENTION_MS + 2_000))).isTrue();
    assertThat(only("1.0.0", 1_000).count()).as("3 s ahead counts in the current second").isEqualTo(1);
    assertThat(only("1.0.0", RETENTION_MS).count()).isEqualTo(2);
  }

  @Test
  void eachVersionOfTheWorkflowInTheEnvironmentInPrecedenceOrder() {
    for (String version : List.of("1.10.0", "2.0.0-beta.1", "1.9.0", "2.0.0")) {
      windows.record(execution(version, ExecutionOutcome.SUCCEEDED, 5, T0));
    }
    windows.record(new ExecutionRecord("staging", "order-sync", "3.0.0", Optional.empty(), "staging-1",
        ExecutionOutcome.SUCCEEDED, 5_000, T0));
    windows.record(new ExecutionRecord("production", "billing", "3.0.0", Optional.empty(), "production-1",
        ExecutionOutcome.SUCCEEDED, 5_000, T0));
    assertThat(windows.query("production", "order-sync", Optional.empty(), 60_000)).extracting(WindowStats::version)
        .containsExactly("1.9.0", "1.10.0", "2.0.0-beta.1", "2.0.0");
    assertThat(only("0.0.1", 60_000)).as("a version without executions").isEqualTo(new WindowStats("0.0.1", 0, 0, 0, 0, 0));
  }
}
