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
 * @param services the services it offers (name → version), as {@code /info} lists them: what
 *     {@code service} dependencies are checked against in an environment
 * @param libraries the libraries it offers (name → version): what {@code library} dependencies are checked against
 */
public record InstanceView(String instanceId, String environment, String endpoint, InstanceStatus status,
    JsonObject health, List<HostedVersion> versions, Map<String, String> nodeTypes, Map<String, String> services,
    Map<String, String> libraries) {

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
    services = Map.copyOf(services);
    libraries = Map.copyOf(libraries);
  }

  /** An instance that lists no services or libraries. */
  public InstanceView(String instanceId, String environment, String endpoint, InstanceStatus status,
      JsonObject health, List<HostedVersion> versions, Map<String, String> nodeTypes) {
    this(instanceId, environment, endpoint, status, health, versions, nodeTypes, Map.of(), Map.of());
  }

  public boolean healthy() {
    return status == InstanceStatus.HEALTHY;
  }

  public boolean hosts(String workflow, String version) {
    return versions.contains(new HostedVersion(workflow, version));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("instanceId", instanceId)
        .put("environment", environment)
        .put("endpoint", endpoint)
        .put("status", status.wire())
        .put("health", health)
        .put("versions", new JsonArray(versions.stream().map(HostedVersion::toJson).toList()))
        .put("nodeTypes", names(nodeTypes))
        .put("services", names(services))
        .put("libraries", names(libraries));
  }

  public static InstanceView fromJson(JsonObject json) {
    return new InstanceView(json.getString("instanceId"), json.getString("environment"), json.getString("endpoint"),
        InstanceStatus.fromWire(json.getString("status")), json.getJsonObject("health", new JsonObject()),
        json.getJsonArray("versions", new JsonArray()).stream().map(v -> HostedVersion.fromJson((JsonObject) v)).toList(),
        offered(json.getValue("nodeTypes")), offered(json.getValue("services")), offered(json.getValue("libraries")));
  }

  /** A {@code name → version} object as a map; anything else (absent, an engine that does not say) as none. */
  public static Map<String, String> offered(Object names) {
    Map<String, String> versions = new java.util.TreeMap<>();
    if (names instanceof JsonObject object) {
      object.forEach(entry -> versions.put(entry.getKey(), String.valueOf(entry.getValue())));
    }
    return versions;
  }

  private static JsonObject names(Map<String, String> versions) {
    JsonObject json = new JsonObject();
    versions.forEach(json::put);
    return json;
  }
}
