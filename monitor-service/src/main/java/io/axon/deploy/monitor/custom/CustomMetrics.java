package io.axon.deploy.monitor.custom;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The custom metric samples posted to {@code POST /api/v1/metrics}, kept like the executions: per
 * environment, workflow, version and metric, in a ring of one-second buckets over the retention.
 * A bucket keeps at most {@link #PER_SECOND} values (the first ones of its second), and at most
 * {@link #MAX_SERIES} series are kept, which bound the memory a chatty client can take. A window's
 * values are thinned evenly to at most {@link #MAX_VALUES}, which bounds a judgement's work. Plain
 * Java on an injected clock; not thread-safe.
 */
public final class CustomMetrics {
  static final int PER_SECOND = 1_000;
  public static final int MAX_SERIES = 10_000;
  static final int MAX_VALUES = 20_000;

  /** One sample of {@code metric} for a version of a workflow in an environment. */
  public record Sample(String environment, String workflow, String version, String metric, double value, long at) {
  }

  /** What became of a sample. */
  public enum Taken {
    KEPT,
    /** Older than the retention, or more than five seconds ahead. */
    OUTSIDE_RETENTION,
    /** Its second had {@link #PER_SECOND} values of its series already. */
    OVER_RATE
  }

  private record Key(String environment, String workflow, String version, String metric) {
  }

  private static final class Bucket {
    long second = Long.MIN_VALUE;
    int size;
    double[] values = new double[16];

    boolean add(long at, double value) {
      if (second != at) {
        second = at;
        size = 0;
      }
      if (size == PER_SECOND) {
        return false;
      }
      if (size == values.length) {
        values = Arrays.copyOf(values, Math.min(PER_SECOND, values.length * 2));
      }
      values[size++] = value;
      return true;
    }
  }

  private final Map<Key, Bucket[]> series = new HashMap<>();
  private final int seconds;
  private final LongSupplier clock;

  public CustomMetrics(long retentionMs, LongSupplier clock) {
    this.seconds = (int) Math.max(1, -Math.floorDiv(-retentionMs, 1000L));
    this.clock = clock;
  }

  /** How many of {@code samples} would start a series not kept yet: more than there is room for is refused. */
  public long newSeries(List<Sample> samples) {
    return samples.stream().map(CustomMetrics::key).distinct().filter(key -> !series.containsKey(key)).count();
  }

  public int size() {
    return series.size();
  }

  /** Records a sample, unless it lies outside the retention or its second is full. */
  public Taken record(Sample sample) {
    long now = Math.floorDiv(clock.getAsLong(), 1000L);
    long second = Math.floorDiv(sample.at(), 1000L);
    if (second > now + 5 || second <= now - seconds) {
      return Taken.OUTSIDE_RETENTION;
    }
    Bucket[] ring = series.computeIfAbsent(key(sample), k -> new Bucket[seconds]);
    int index = (int) Math.floorMod(Math.min(second, now), (long) seconds);
    if (ring[index] == null) {
      ring[index] = new Bucket();
    }
    return ring[index].add(Math.min(second, now), sample.value()) ? Taken.KEPT : Taken.OVER_RATE;
  }

  /**
   * The values of {@code metric} for the version from {@code fromMillis} to now, thinned evenly to
   * at most {@link #MAX_VALUES} (every k-th value of each second).
   */
  public double[] values(String environment, String workflow, String version, String metric, long fromMillis) {
    Bucket[] ring = series.get(new Key(environment, workflow, version, metric));
    if (ring == null) {
      return new double[0];
    }
    long now = Math.floorDiv(clock.getAsLong(), 1000L);
    long from = Math.max(Math.floorDiv(fromMillis, 1000L), now - seconds + 1);
    List<Bucket> inWindow = Arrays.stream(ring)
        .filter(bucket -> bucket != null && bucket.second >= from && bucket.second <= now && bucket.size > 0).toList();
    long total = inWindow.stream().mapToLong(bucket -> bucket.size).sum();
    int step = (int) Math.max(1, -Math.floorDiv(-total, (long) MAX_VALUES));
    double[] kept = new double[(int) Math.min(total, MAX_VALUES + (long) inWindow.size())];
    int n = 0;
    for (Bucket bucket : inWindow) {
      for (int i = 0; i < bucket.size && n < kept.length; i += step) {
        kept[n++] = bucket.values[i];
      }
    }
    return Arrays.copyOf(kept, n);
  }

  /** Drops the series with nothing within the retention. */
  public void sweep() {
    long oldest = Math.floorDiv(clock.getAsLong(), 1000L) - seconds;
    series.values().removeIf(ring -> Arrays.stream(ring).allMatch(b -> b == null || b.second <= oldest));
  }

  private static Key key(Sample sample) {
    return new Key(sample.environment(), sample.workflow(), sample.version(), sample.metric());
  }
}
