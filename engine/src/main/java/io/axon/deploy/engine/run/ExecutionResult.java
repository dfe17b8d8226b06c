package io.axon.deploy.engine.run;

import io.vertx.core.json.JsonObject;

/**
 * How an execution ended: {@code succeeded} with the workflow's output, or {@code failed} with an
 * error naming the node (null for a timeout of the whole workflow).
 */
public record ExecutionResult(String executionId, String status, Object output, Error error, long durationMs) {
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";

  /** Why an execution failed: {@code node-failed} or {@code timeout}, where, and in plain words. */
  public record Error(String type, String node, String message) {
    public JsonObject toJson() {
      return new JsonObject().put("type", type).put("node", node).put("message", message);
    }
  }

  public boolean succeeded() {
    return SUCCEEDED.equals(status);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("executionId", executionId)
        .put("status", status)
        .put("output", output)
        .put("error", error == null ? null : error.toJson())
        .put("durationMs", durationMs);
  }
}
