package io.axon.deploy.common.monitor;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * An engine instance as the monitor sees it (DESIGN §3's engine instance): where it is, its status,
 * its last health report, the versions it hosts and the node types it offers, from its
 * {@code /health} and {@code /info}.
 *
 * @param health the instance's last {@code /health} answer with {@code lastCheck} added, or an
 *     object saying why there is none
 */
public record InstanceView(String instanceId, String environment, String endpoint, InstanceStatus status,
    JsonObject health, List<HostedVersion> versions, Map<String, String> nodeTypes) {

  /** One workflow version loaded on the instance. */
  public record HostedVersion(String workflow, String version) {
    public JsonObject toJson() {
      return new JsonObject().put("workflow", workflow).put("version", version);
    }

    public static HostedVersion fromJson(JsonObject json) {
      return new HostedVersion(json.getString("workflow"), json.getString("version"));
    }
  }

  public InstanceView {
    versions = List.copyOf(versions);
    nodeTypes = Map.copyOf(nodeTypes);
  }

  public boolean healthy() {
    return status == InstanceStatus.HEALTHY;
  }

  public boolean hosts(String workflow, String version) {
    return versions.contains(new HostedVersion(workflow, version));
  }

  public JsonObject toJson() {
    JsonObject types = new JsonObject();
    nodeTypes.forEach(types::put);
    return new JsonObject()
        .put("instanceId", instanceId)
        .put("environment", environment)
        .put("endpoint", endpoint)
        .put("status", status.wire())
        .put("health", health)
        .put("versions", new JsonArray(versions.stream().map(HostedVersion::toJson).toList()))
        .put("nodeTypes", types);
  }

  public static InstanceView fromJson(JsonObject json) {
    JsonObject types = json.getJsonObject("nodeTypes", new JsonObject());
    Map<String, String> nodeTypes = new java.util.TreeMap<>();
    types.forEach(entry -> nodeTypes.put(entry.getKey(), String.valueOf(entry.getValue())));
    return new InstanceView(json.getString("instanceId"), json.getString("environment"), json.getString("endpoint"),
        InstanceStatus.fromWire(json.getString("status")), json.getJsonObject("health", new JsonObject()),
        json.getJsonArray("versions", new JsonArray()).stream().map(v -> HostedVersion.fromJson((JsonObject) v)).toList(),
        nodeTypes);
  }
}
