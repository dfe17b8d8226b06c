package io.axon.deploy.monitor.windows;

import java.util.HashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** One version's tallies from several series (one per environment) summed up; plain Java, used once. */
final class VersionTally {
  private final String version;
  private final Histogram latencies = new Histogram(SlidingWindow.SIGNIFICANT_DIGITS);
  private final Map<String, Long> errorsByNode = new HashMap<>();
  private long count;
  private long errors;

  VersionTally(String version) {
    this.version = version;
  }

  void add(SlidingWindow.Tally tally, Map<String, Long> nodes) {
    count += tally.count();
    errors += tally.errors();
    latencies.add(tally.latencies());
    nodes.forEach((node, n) -> errorsByNode.merge(node, n, Long::sum));
  }

  VersionWindow window() {
    return new VersionWindow(version, count, errors, percentileMs(50), percentileMs(95), percentileMs(99), errorsByNode);
  }

  private double percentileMs(double percentile) {
    return count == 0 ? 0 : latencies.getValueAtPercentile(percentile) / 1000.0;
  }
}
