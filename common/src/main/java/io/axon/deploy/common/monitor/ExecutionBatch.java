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
 * version, deployment, instance, outcome and failed node, holding the latency and time of each of its executions.
 * A batch of thousands of executions then carries a few strings and arrays of numbers, which cost
 * a gateway far less to build and encode than a record each ({@link ExecutionRecord}).
 *
 * <p>Wire form, the {@code groups} of a {@link MonitorCommands#RECORD_EXECUTIONS} body:
 * {@code [{environment, workflow, version, deploymentId, instanceId, outcome, node?, latencyMicros: [...],
 * at: [...]}]}, the two arrays of equal length; {@code node} (the node that failed) only in groups of
 * failed executions that name one, so that a group without it reads as before. Not thread-safe: one
 * per event loop.
 */
public final class ExecutionBatch {
  private record Key(String environment, String workflow, String version, String deploymentId, String instanceId,
      ExecutionOutcome outcome, String node) {
  }

  private final Map<Key, JsonArray[]> groups = new HashMap<>();
  private int size;

  public void add(String environment, String workflow, String version, Optional<String> deploymentId,
      String instanceId, ExecutionOutcome outcome, long latencyMicros, long at) {
    add(environment, workflow, version, deploymentId, instanceId, outcome, latencyMicros, at, Optional.empty());
  }

  /** One execution; {@code node} is the node that failed, for a failed execution whose engine named it. */
  public void add(String environment, String workflow, String version, Optional<String> deploymentId,
      String instanceId, ExecutionOutcome outcome, long latencyMicros, long at, Optional<String> node) {
    JsonArray[] times = groups.computeIfAbsent(
        new Key(environment, workflow, version, deploymentId.orElse(null), instanceId, outcome, node.orElse(null)),
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
    groups.forEach((key, times) -> {
      JsonObject group = new JsonObject()
          .put("environment", key.environment()).put("workflow", key.workflow()).put("version", key.version())
          .put("deploymentId", key.deploymentId()).put("instanceId", key.instanceId()).put("outcome", key.outcome().wire())
          .put("latencyMicros", times[0]).put("at", times[1]);
      if (key.node() != null) {
        group.put("node", key.node());
      }
      wire.add(group);
    });
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
    Optional<String> node = Optional.ofNullable(group.getString("node"));
    List<ExecutionRecord> records = new ArrayList<>(latencies.size());
    for (int i = 0; i < latencies.size(); i++) {
      records.add(new ExecutionRecord(environment, workflow, version, deployment, instance, outcome,
          latencies.getLong(i), at.getLong(i), node));
    }
    return records;
  }
}
