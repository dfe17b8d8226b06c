package io.axon.deploy.monitor.windows;

import io.axon.deploy.common.monitor.ExecutionOutcome;
import io.axon.deploy.common.monitor.ExecutionRecord;
import io.axon.deploy.common.monitor.WindowStats;
import io.axon.deploy.common.semver.InvalidVersionException;
import io.axon.deploy.common.semver.SemanticVersion;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * Sliding windows of executions per environment, workflow and version, kept in memory for the
 * retention (no database: a restarted monitor starts with empty windows and fills them again within
 * one window of traffic). Plain Java on an injected clock (epoch milliseconds), not thread-safe: it
 * lives on the monitor's event loop.
 *
 * <p>What counts:
 * <ul>
 *   <li>a {@link ExecutionOutcome#REJECTED} execution (the caller's bad input, refused by the engine)
 *       is not an execution of the version: it counts neither in {@code count} nor in {@code errors};
 *   <li>a record whose {@code at} is older than the retention is ignored, and so is one more than
 *       {@link #MAX_SKEW_MS} in the future (a gateway's clock that is wrong); one less than that
 *       ahead counts as now;
 *   <li>a window of {@code windowMs} is the last {@code ceil(windowMs / 1000)} one-second buckets,
 *       the current (partial) second included.
 * </ul>
 * A series idle for the whole retention is dropped by {@link #sweep}.
 */
public final class ExecutionWindows {
  /** How far ahead of the monitor's clock a record may be and still count (clock skew between machines). */
  public static final long MAX_SKEW_MS = 5_000;
  public static final long MIN_WINDOW_MS = 1_000;
  public static final long DEFAULT_WINDOW_MS = 60_000;

  private static final Comparator<String> VERSION_ORDER = Comparator
      .comparing(ExecutionWindows::semantic, Comparator.nullsLast(Comparator.naturalOrder()))
      .thenComparing(Comparator.naturalOrder());

  private record Series(String environment, String workflow, String version) {
  }

  private final Map<Series, SlidingWindow> series = new HashMap<>();
  private final long retentionMs;
  private final int seconds;
  private final LongSupplier clock;

  public ExecutionWindows(long retentionMs, LongSupplier clock) {
    if (retentionMs < MIN_WINDOW_MS) {
      throw new IllegalArgumentException("the retention is at least " + MIN_WINDOW_MS + " ms");
    }
    this.retentionMs = retentionMs;
    this.seconds = (int) wholeSeconds(retentionMs);
    this.clock = clock;
  }

  public long retentionMs() {
    return retentionMs;
  }

  /** The window a query without {@code windowMs} gets: a minute, or the whole retention when that is shorter. */
  public long defaultWindowMs() {
    return Math.min(DEFAULT_WINDOW_MS, retentionMs);
  }

  /** Records one execution; answers whether it counted in the windows (see the rules above). */
  public boolean record(ExecutionRecord execution) {
    if (execution.outcome() == ExecutionOutcome.REJECTED || execution.latencyMicros() < 0) {
      return false;
    }
    long now = clock.getAsLong();
    if (execution.at() > now + MAX_SKEW_MS) {
      return false;
    }
    long second = Math.floorDiv(Math.min(execution.at(), now), 1000L);
    if (second <= Math.floorDiv(now, 1000L) - seconds) {
      return false;
    }
    series.computeIfAbsent(new Series(execution.environment(), execution.workflow(), execution.version()),
            key -> new SlidingWindow(seconds))
        .record(second, execution.latencyMicros(), execution.outcome().isError());
    if (execution.outcome().isError() && execution.node().isPresent()) {
      series.get(new Series(execution.environment(), execution.workflow(), execution.version()))
          .countError(second, execution.node().get());
    }
    return true;
  }

  /**
   * The numbers of each version of {@code workflow} in {@code environment} over the last
   * {@code windowMs} (from {@link #MIN_WINDOW_MS} to the retention), ordered by version precedence;
   * with {@code version}, that version's alone, zeros when it had no executions.
   */
  public List<WindowStats> query(String environment, String workflow, Optional<String> version, long windowMs) {
    if (windowMs < MIN_WINDOW_MS || windowMs > retentionMs) {
      throw new IllegalArgumentException("windowMs " + windowMs + " is outside " + MIN_WINDOW_MS + ".." + retentionMs);
    }
    long now = Math.floorDiv(clock.getAsLong(), 1000L);
    long from = now - wholeSeconds(windowMs) + 1;
    if (version.isPresent()) {
      SlidingWindow window = series.get(new Series(environment, workflow, version.get()));
      return List.of(window == null ? new WindowStats(version.get(), 0, 0, 0, 0, 0)
          : stats(version.get(), window.tally(from, now)));
    }
    return series.entrySet().stream()
        .filter(entry -> entry.getKey().environment().equals(environment) && entry.getKey().workflow().equals(workflow))
        .map(entry -> stats(entry.getKey().version(), entry.getValue().tally(from, now)))
        .sorted(Comparator.comparing(WindowStats::version, VERSION_ORDER))
        .toList();
  }

  /**
   * One version's executions from the second of {@code fromMillis} (at most the retention back) to
   * now, with the merged histogram of their latencies in microseconds: what a judgement tests.
   */
  public WindowSample sample(String environment, String workflow, String version, long fromMillis) {
    long now = Math.floorDiv(clock.getAsLong(), 1000L);
    long from = Math.max(Math.floorDiv(fromMillis, 1000L), now - seconds + 1);
    SlidingWindow window = series.get(new Series(environment, workflow, version));
    if (window == null) {
      return new WindowSample(0, 0, new Histogram(SlidingWindow.SIGNIFICANT_DIGITS));
    }
    SlidingWindow.Tally tally = window.tally(from, now);
    return new WindowSample(tally.count(), tally.errors(), tally.latencies());
  }

  /** A version's executions over part of a window; {@code latencies} in microseconds. */
  public record WindowSample(long count, long errors, Histogram latencies) {
  }

  /**
   * The numbers of each version of {@code workflow} over the last {@code windowMs} (from
   * {@link #MIN_WINDOW_MS} to the retention), in {@code environment} or, without one, summed across
   * environments (latencies merged), with errors by failed node; ordered by version precedence.
   */
  public List<VersionWindow> versions(String workflow, Optional<String> environment, long windowMs) {
    if (windowMs < MIN_WINDOW_MS || windowMs > retentionMs) {
      throw new IllegalArgumentException("windowMs " + windowMs + " is outside " + MIN_WINDOW_MS + ".." + retentionMs);
    }
    long now = Math.floorDiv(clock.getAsLong(), 1000L);
    long from = now - wholeSeconds(windowMs) + 1;
    Map<String, VersionTally> tallies = new HashMap<>();
    series.forEach((key, window) -> {
      if (key.workflow().equals(workflow) && environment.map(key.environment()::equals).orElse(true)) {
        tallies.computeIfAbsent(key.version(), VersionTally::new)
            .add(window.tally(from, now), window.errorsByNode(from, now));
      }
    });
    return tallies.values().stream().map(VersionTally::window)
        .sorted(Comparator.comparing(VersionWindow::version, VERSION_ORDER))
        .toList();
  }

  /** Drops the series that recorded nothing for the whole retention; answers how many. */
  public int sweep() {
    long oldest = Math.floorDiv(clock.getAsLong(), 1000L) - seconds;
    int before = series.size();
    series.values().removeIf(window -> window.lastSecond() <= oldest);
    return before - series.size();
  }

  /** How many series are kept. */
  public int size() {
    return series.size();
  }

  private static WindowStats stats(String version, SlidingWindow.Tally tally) {
    return new WindowStats(version, tally.count(), tally.errors(), tally.percentileMs(50), tally.percentileMs(95),
        tally.percentileMs(99));
  }

  /** {@code ms} in seconds, rounded up. */
  private static long wholeSeconds(long ms) {
    return -Math.floorDiv(-ms, 1000L);
  }

  private static SemanticVersion semantic(String version) {
    try {
      return SemanticVersion.parse(version);
    } catch (InvalidVersionException e) {
      return null;
    }
  }
}
