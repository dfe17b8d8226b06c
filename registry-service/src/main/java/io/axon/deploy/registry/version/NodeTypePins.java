package io.axon.deploy.registry.version;

import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.common.nodes.NodeTypeCatalog;
import io.axon.deploy.common.semver.InvalidVersionException;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.common.semver.VersionRange;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * Published means pinned: at publication each node's {@code typeVersion} (an exact version, a range,
 * or absent for the newest) is resolved against the catalog once, and the version keeps that answer,
 * whatever the catalog offers later.
 */
public final class NodeTypePins {
  private NodeTypePins() {
  }

  /** {@code {nodeId: "1.0.0"}} for every node of {@code definition}; a 422 naming each node that no longer resolves. */
  public static JsonObject pin(JsonObject definition, NodeTypeCatalog catalog) {
    JsonObject pins = new JsonObject(new LinkedHashMap<>());
    List<FieldError> unresolved = new ArrayList<>();
    JsonArray nodes = definition.getJsonArray("nodes", new JsonArray());
    for (int i = 0; i < nodes.size(); i++) {
      JsonObject node = nodes.getJsonObject(i);
      Optional<SemanticVersion> resolved = resolve(catalog, node);
      if (resolved.isPresent()) {
        pins.put(node.getString("id"), resolved.get().toString());
      } else {
        unresolved.add(new FieldError("/definition/nodes/" + i + "/typeVersion", "the catalog offers no version of "
            + node.getString("type") + " that satisfies " + node.getValue("typeVersion", "*")));
      }
    }
    if (!unresolved.isEmpty()) {
      throw Problem.unprocessable("the version cannot be published: " + unresolved.size()
          + " node type version(s) no longer resolve against the catalog", unresolved);
    }
    return pins;
  }

  /** Like {@link #pin}, leaving out the nodes that do not resolve instead of refusing. */
  public static JsonObject pinResolvable(JsonObject definition, NodeTypeCatalog catalog) {
    JsonObject pins = new JsonObject(new LinkedHashMap<>());
    for (Object item : definition.getJsonArray("nodes", new JsonArray())) {
      JsonObject node = (JsonObject) item;
      resolve(catalog, node).ifPresent(version -> pins.put(node.getString("id"), version.toString()));
    }
    return pins;
  }

  private static Optional<SemanticVersion> resolve(NodeTypeCatalog catalog, JsonObject node) {
    try {
      VersionRange range = VersionRange.parse(node.getValue("typeVersion") instanceof String text ? text : "*");
      return catalog.find(node.getString("type")).flatMap(type -> type.resolve(range));
    } catch (InvalidVersionException e) {
      return Optional.empty();
    }
  }

  /** The versions each node type was pinned to, by type: what a published version's node dependencies resolve to. */
  public static java.util.Map<String, List<SemanticVersion>> byType(JsonObject definition, JsonObject pins) {
    java.util.Map<String, List<SemanticVersion>> byType = new java.util.HashMap<>();
    for (Object item : definition.getJsonArray("nodes", new JsonArray())) {
      JsonObject node = (JsonObject) item;
      String pin = pins.getString(node.getString("id"));
      if (pin != null) {
        List<SemanticVersion> versions = byType.computeIfAbsent(node.getString("type"), type -> new ArrayList<>());
        SemanticVersion pinned = SemanticVersion.parse(pin);
        if (!versions.contains(pinned)) {
          versions.add(pinned);
        }
      }
    }
    return byType;
  }

  /** A copy of {@code definition} whose nodes carry their pinned {@code typeVersion}. */
  public static JsonObject apply(JsonObject definition, JsonObject pins) {
    JsonObject pinned = definition.copy();
    for (Object item : pinned.getJsonArray("nodes", new JsonArray())) {
      JsonObject node = (JsonObject) item;
      String pin = pins.getString(node.getString("id"));
      if (pin != null) {
        node.put("typeVersion", pin);
      }
    }
    return pinned;
  }
}
