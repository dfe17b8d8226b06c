package io.axon.deploy.common.monitor;

import io.vertx.core.json.JsonObject;

/**
 * One version's numbers over a sliding window ({@link MonitorCommands#METRICS_WINDOW}): how many
 * executions, how many of them errors ({@link ExecutionOutcome#isError}), and latency percentiles in
 * milliseconds from an HdrHistogram of the window (0 when there were none).
 */
public record WindowStats(String version, long count, long errors, double p50Ms, double p95Ms, double p99Ms) {

  public double errorRate() {
    return count == 0 ? 0 : (double) errors / count;
  }

  public JsonObject toJson() {
    return new JsonObject().put("version", version).put("count", count).put("errors", errors)
        .put("errorRate", errorRate())
        .put("latency", new JsonObject().put("p50", p50Ms).put("p95", p95Ms).put("p99", p99Ms));
  }

  public static WindowStats fromJson(JsonObject json) {
    JsonObject latency = json.getJsonObject("latency", new JsonObject());
    return new WindowStats(json.getString("version"), json.getLong("count", 0L), json.getLong("errors", 0L),
        latency.getDouble("p50", 0.0), latency.getDouble("p95", 0.0), latency.getDouble("p99", 0.0));
  }
}
