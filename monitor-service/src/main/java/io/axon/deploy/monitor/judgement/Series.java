package io.axon.deploy.monitor.judgement;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * One version's numbers over a window, as a judgement needs them: how many samples, how many of them
 * errors, and the samples' values (latencies in milliseconds, a custom metric's values, or instances'
 * health scores), from which percentiles, means and rank tests are taken.
 */
public record Series(String version, long count, long errors, double[] values) {

  /** At most this many latencies are drawn from a histogram for a rank test: enough, and bounded in time. */
  static final int MAX_VALUES = 20_000;

  /**
   * A version's executions with their latencies (a histogram in microseconds) as values in
   * milliseconds, each recorded value repeated by its count, thinned evenly past {@link #MAX_VALUES}.
   */
  public static Series ofLatencies(String version, long count, long errors, Histogram micros) {
    long total = micros.getTotalCount();
    double keep = total <= MAX_VALUES ? 1 : (double) MAX_VALUES / total;
    double[] values = new double[(int) Math.min(total, MAX_VALUES + 1_000L)];
    int n = 0;
    double owed = 0;
    for (HistogramIterationValue recorded : micros.recordedValues()) {
      owed += recorded.getCountAddedInThisIterationStep() * keep;
      double ms = micros.medianEquivalentValue(recorded.getValueIteratedTo()) / 1000.0;
      for (; owed >= 1 && n < values.length; owed--) {
        values[n++] = ms;
      }
    }
    return new Series(version, count, errors, Arrays.copyOf(values, n));
  }

  public static Series empty(String version) {
    return new Series(version, 0, 0, new double[0]);
  }

  public double errorRate() {
    return count == 0 ? 0 : (double) errors / count;
  }

  /** The value at {@code percentile} (0 to 100, exclusive of 0), 0 without values. */
  public double percentile(double percentile) {
    return values.length == 0 ? 0 : new Percentile().evaluate(values, percentile);
  }

  public double mean() {
    return Arrays.stream(values).average().orElse(0);
  }

  public double min() {
    return Arrays.stream(values).min().orElse(0);
  }

  /** The numbers a verdict quotes: counts, the error rate when there are errors to count, and the median value. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("version", version).put("count", count);
    if (errors > 0 || values.length == 0) {
      json.put("errors", errors).put("errorRate", round(errorRate()));
    }
    if (values.length > 0) {
      json.put("p50", round(percentile(50))).put("p95", round(percentile(95))).put("mean", round(mean()));
    }
    return json;
  }

  static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }
}
