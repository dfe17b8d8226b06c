package io.axon.deploy.common.monitor;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Executions grouped by what they share, as gateways ship them: one group per environment, workflow,
 * version, deployment, instance and outcome, holding the latency and time of each of its executions.
 * A batch of thousands of executions then carries a few strings and arrays of numbers, which cost
 * a gateway far less to build and encode than a record each ({@link ExecutionRecord}).
 *
 * <p>Wire form, the {@code groups} of a {@link MonitorCommands#RECORD_EXECUTIONS} body:
 * {@code [{environment, workflow, version, deploymentId, instanceId, outcome, latencyMicros: [...],
 * at: [...]}]}, the two arrays of equal length. Not thread-safe: one per event loop.
 */
public final class ExecutionBatch {
  private record Key(String environment, String workflow, String version, String deploymentId, String instanceId,
      ExecutionOutcome outcome) {
  }

  private final Map<Key, JsonArray[]> groups = new HashMap<>();
  private int size;

  public void add(String environment, String workflow, String version, Optional<String> deploymentId,
      String instanceId, ExecutionOutcome outcome, long latencyMicros, long at) {
    JsonArray[] times = groups.computeIfAbsent(
        new Key(environment, workflow, version, deploymentId.orElse(null), instanceId, outcome),
        key -> new JsonArray[] {new JsonArray(), new JsonArray()});
    times[0].add(latencyMicros);
    times[1].add(at);
    size++;
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** The body of a {@link MonitorCommands#RECORD_EXECUTIONS} message. */
  public JsonObject toJson() {
    JsonArray wire = new JsonArray();
    groups.forEach((key, times) -> wire.add(new JsonObject()
        .put("environment", key.environment()).put("workflow", key.workflow()).put("version", key.version())
        .put("deploymentId", key.deploymentId()).put("instanceId", key.instanceId()).put("outcome", key.outcome().wire())
        .put("latencyMicros", times[0]).put("at", times[1])));
    return new JsonObject().put("groups", wire);
  }

  /** The executions of one group in its wire form; a RuntimeException when it is not one. */
  public static List<ExecutionRecord> read(JsonObject group) {
    JsonArray latencies = group.getJsonArray("latencyMicros");
    JsonArray at = group.getJsonArray("at");
    if (latencies.size() != at.size()) {
      throw new IllegalArgumentException("latencyMicros and at differ in length");
    }
    String environment = group.getString("environment");
    String workflow = group.getString("workflow");
    String version = group.getString("version");
    Optional<String> deployment = Optional.ofNullable(group.getString("deploymentId"));
    String instance = group.getString("instanceId");
    ExecutionOutcome outcome = ExecutionOutcome.fromWire(group.getString("outcome"));
    List<ExecutionRecord> records = new ArrayList<>(latencies.size());
    for (int i = 0; i < latencies.size(); i++) {
      records.add(new ExecutionRecord(environment, workflow, version, deployment, instance, outcome,
          latencies.getLong(i), at.getLong(i)));
    }
    return records;
  }
}
