package io.axon.deploy.monitor.custom;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The custom metric samples posted to {@code POST /api/v1/metrics}, kept like the executions: per
 * environment, workflow, version and metric, in a ring of one-second buckets over the retention.
 * A bucket keeps at most {@link #PER_SECOND} values (the first ones of its second), which bounds the
 * memory a chatty client can take. Plain Java on an injected clock; not thread-safe.
 */
public final class CustomMetrics {
  static final int PER_SECOND = 1_000;

  /** One sample; {@code version} empty when it is about the workflow as a whole. */
  public record Sample(String environment, String workflow, Optional<String> version, String metric, double value,
      long at) {
  }

  private record Key(String environment, String workflow, String version, String metric) {
  }

  private static final class Bucket {
    long second = Long.MIN_VALUE;
    int size;
    double[] values = new double[16];

    void add(long at, double value) {
      if (second != at) {
        second = at;
        size = 0;
      }
      if (size == PER_SECOND) {
        return;
      }
      if (size == values.length) {
        values = Arrays.copyOf(values, Math.min(PER_SECOND, values.length * 2));
      }
      values[size++] = value;
    }
  }

  private final Map<Key, Bucket[]> series = new HashMap<>();
  private final int seconds;
  private final LongSupplier clock;

  public CustomMetrics(long retentionMs, LongSupplier clock) {
    this.seconds = (int) Math.max(1, -Math.floorDiv(-retentionMs, 1000L));
    this.clock = clock;
  }

  /** Records a sample; false when it lies outside the retention or more than five seconds ahead. */
  public boolean record(Sample sample) {
    long now = Math.floorDiv(clock.getAsLong(), 1000L);
    long second = Math.floorDiv(sample.at(), 1000L);
    if (second > now + 5 || second <= now - seconds) {
      return false;
    }
    Bucket[] ring = series.computeIfAbsent(key(sample.environment(), sample.workflow(), sample.version(), sample.metric()),
        k -> new Bucket[seconds]);
    int index = (int) Math.floorMod(Math.min(second, now), (long) seconds);
    if (ring[index] == null) {
      ring[index] = new Bucket();
    }
    ring[index].add(Math.min(second, now), sample.value());
    return true;
  }

  /** The values of {@code metric} for the version (or the workflow as a whole) from {@code fromMillis} to now. */
  public double[] values(String environment, String workflow, Optional<String> version, String metric, long fromMillis) {
    Bucket[] ring = series.get(key(environment, workflow, version, metric));
    if (ring == null) {
      return new double[0];
    }
    long now = Math.floorDiv(clock.getAsLong(), 1000L);
    long from = Math.max(Math.floorDiv(fromMillis, 1000L), now - seconds + 1);
    double[] all = new double[0];
    for (Bucket bucket : ring) {
      if (bucket != null && bucket.second >= from && bucket.second <= now && bucket.size > 0) {
        int had = all.length;
        all = Arrays.copyOf(all, had + bucket.size);
        System.arraycopy(bucket.values, 0, all, had, bucket.size);
      }
    }
    return all;
  }

  /** Drops the series with nothing within the retention. */
  public void sweep() {
    long oldest = Math.floorDiv(clock.getAsLong(), 1000L) - seconds;
    series.values().removeIf(ring -> Arrays.stream(ring).allMatch(b -> b == null || b.second <= oldest));
  }

  private static Key key(String environment, String workflow, Optional<String> version, String metric) {
    return new Key(environment, workflow, version.orElse(""), metric);
  }
}
