package io.axon.deploy.monitor.windows;

import java.util.Map;

/**
 * One version's numbers over a window, possibly across environments
 * ({@link ExecutionWindows#versions}): executions, errors, latency percentiles in milliseconds (0
 * without executions) and errors by the node that failed (errors that name no node, such as an
 * engine that did not answer, are in {@code errors} only).
 */
public record VersionWindow(String version, long count, long errors, double p50Ms, double p95Ms, double p99Ms,
    Map<String, Long> errorsByNode) {

  public VersionWindow {
    errorsByNode = Map.copyOf(errorsByNode);
  }

  public static VersionWindow empty(String version) {
    return new VersionWindow(version, 0, 0, 0, 0, 0, Map.of());
  }

  /** Errors per execution, 0 without executions. */
  public double errorRate() {
    return count == 0 ? 0 : (double) errors / count;
  }
}
