package io.axon.deploy.common.monitor;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * One routed execution, as the gateway records it and ships it to the monitor in batches
 * ({@link MonitorCommands#RECORD_EXECUTIONS}).
 *
 * @param deploymentId the deployment whose route picked the version, when there was one
 * @param latencyMicros from the gateway receiving the request to the engine's answer
 * @param at epoch milliseconds when the answer came
 * @param node for a failed execution, the node that failed as the engine named it; empty otherwise
 *     (a success, no answer from the engine, a timeout of the whole workflow)
 */
public record ExecutionRecord(String environment, String workflow, String version, Optional<String> deploymentId,
    String instanceId, ExecutionOutcome outcome, long latencyMicros, long at, Optional<String> node) {

  /** A record that names no node. */
  public ExecutionRecord(String environment, String workflow, String version, Optional<String> deploymentId,
      String instanceId, ExecutionOutcome outcome, long latencyMicros, long at) {
    this(environment, workflow, version, deploymentId, instanceId, outcome, latencyMicros, at, Optional.empty());
  }

  /**
   * A compact positional form, batches carry thousands of these: {@code [environment, workflow,
   * version, deploymentId, instanceId, outcome, latencyMicros, at]}, with the node as a ninth entry
   * only when there is one, so that a monitor reading the eight-entry form still reads it.
   */
  public JsonArray toJson() {
    JsonArray json = new JsonArray().add(environment).add(workflow).add(version).add(deploymentId.orElse(null))
        .add(instanceId).add(outcome.wire()).add(latencyMicros).add(at);
    node.ifPresent(json::add);
    return json;
  }

  /** The eight-entry positional form, or the nine-entry one with the failed node. */
  public static ExecutionRecord fromJson(JsonArray json) {
    return new ExecutionRecord(json.getString(0), json.getString(1), json.getString(2),
        Optional.ofNullable(json.getString(3)), json.getString(4), ExecutionOutcome.fromWire(json.getString(5)),
        json.getLong(6), json.getLong(7), json.size() > 8 ? Optional.ofNullable(json.getString(8)) : Optional.empty());
  }

  /** The body of a {@link MonitorCommands#RECORD_EXECUTIONS} message. */
  public static JsonObject batch(java.util.List<ExecutionRecord> records) {
    JsonArray items = new JsonArray();
    records.forEach(r -> items.add(r.toJson()));
    return new JsonObject().put("executions", items);
  }
}
