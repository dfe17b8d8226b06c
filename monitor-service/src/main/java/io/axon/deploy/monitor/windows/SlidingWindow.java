package io.axon.deploy.monitor.windows;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntCountsHistogram;

/**
 * One series' executions in a ring of one-second buckets that covers the retention. A bucket holds
 * its second, how many executions ended in it, how many of them were errors, and an HdrHistogram of
 * their latencies in microseconds, allocated at the bucket's first record and reused when the ring
 * comes round. Plain Java, not thread-safe: it lives on the monitor's event loop.
 *
 * <p>Two significant digits (values within 1%) and int counts keep a busy second's histogram near
 * 8 KB for latencies up to a second: a series that is busy for the whole default retention holds
 * about 2.3 MB.
 *
 * <p>A bucket also counts its errors by the node that failed ({@link #countError}), for the
 * {@link #MAX_NODES} nodes it met first; errors at any further node in that second count under
 * {@link #OTHER_NODES}, so that a version with a thousand failing nodes keeps a bounded map.
 */
final class SlidingWindow {
  static final int SIGNIFICANT_DIGITS = 2;
  /** The distinct failed nodes a bucket counts by name. */
  static final int MAX_NODES = 32;
  /** Where a bucket counts errors at nodes beyond its first {@link #MAX_NODES}. */
  static final String OTHER_NODES = "other";

  private final Bucket[] ring;
  private long lastSecond = Long.MIN_VALUE;

  private static final class Bucket {
    long second = Long.MIN_VALUE;
    long count;
    long errors;
    IntCountsHistogram latencies;
    java.util.Map<String, Long> errorsByNode;

    void reset(long newSecond) {
      second = newSecond;
      count = 0;
      errors = 0;
      if (errorsByNode != null) {
        errorsByNode.clear();
      }
      if (latencies != null) {
        latencies.reset();
      }
    }
  }

  SlidingWindow(int seconds) {
    ring = new Bucket[seconds];
  }

  /** The number of one-second buckets, the retention in seconds. */
  int seconds() {
    return ring.length;
  }

  /** Records one execution that ended in {@code second}, which the caller has checked lies within the ring. */
  void record(long second, long latencyMicros, boolean error) {
    int index = (int) Math.floorMod(second, (long) ring.length);
    Bucket bucket = ring[index];
    if (bucket == null) {
      bucket = ring[index] = new Bucket();
    }
    if (bucket.second != second) {
      bucket.reset(second);
    }
    if (bucket.latencies == null) {
      bucket.latencies = new IntCountsHistogram(SIGNIFICANT_DIGITS);
    }
    bucket.count++;
    if (error) {
      bucket.errors++;
    }
    bucket.latencies.recordValue(latencyMicros);
    lastSecond = Math.max(lastSecond, second);
  }

  /** The newest second anything was recorded in. */
  long lastSecond() {
    return lastSecond;
  }

  /** The buckets of the seconds from {@code fromSecond} to {@code toSecond}, both included, merged. */
  Tally tally(long fromSecond, long toSecond) {
    long count = 0;
    long errors = 0;
    Histogram merged = new Histogram(SIGNIFICANT_DIGITS);
    for (Bucket bucket : ring) {
      if (bucket != null && bucket.second >= fromSecond && bucket.second <= toSecond && bucket.count > 0) {
        count += bucket.count;
        errors += bucket.errors;
        merged.add(bucket.latencies);
      }
    }
    return new Tally(count, errors, merged);
  }

  /**
   * Counts an error at {@code node} in {@code second}, whose execution {@link #record} has just
   * recorded (so the bucket is that second's).
   */
  void countError(long second, String node) {
    Bucket bucket = ring[(int) Math.floorMod(second, (long) ring.length)];
    if (bucket == null || bucket.second != second) {
      return;
    }
    if (bucket.errorsByNode == null) {
      bucket.errorsByNode = new java.util.HashMap<>();
    }
    String key = bucket.errorsByNode.containsKey(node) || bucket.errorsByNode.size() < MAX_NODES ? node : OTHER_NODES;
    bucket.errorsByNode.merge(key, 1L, Long::sum);
  }

  /** The errors by failed node in the seconds from {@code fromSecond} to {@code toSecond}, both included. */
  java.util.Map<String, Long> errorsByNode(long fromSecond, long toSecond) {
    java.util.Map<String, Long> merged = new java.util.HashMap<>();
    for (Bucket bucket : ring) {
      if (bucket != null && bucket.second >= fromSecond && bucket.second <= toSecond && bucket.errorsByNode != null) {
        bucket.errorsByNode.forEach((node, errors) -> merged.merge(node, errors, Long::sum));
      }
    }
    return merged;
  }

  /** Executions, errors and latencies of part of a window. */
  record Tally(long count, long errors, Histogram latencies) {
    /** The latency at {@code percentile} (0 to 100) in milliseconds, 0 without executions. */
    double percentileMs(double percentile) {
      return count == 0 ? 0 : latencies.getValueAtPercentile(percentile) / 1000.0;
    }
  }
}
