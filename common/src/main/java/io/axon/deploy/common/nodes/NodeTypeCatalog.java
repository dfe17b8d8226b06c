package io.axon.deploy.common.nodes;

import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.common.semver.VersionRange;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The node types a workflow may use, their versions and the schema of their config: what the
 * reference engine offers, known without an engine running so that definitions validate early.
 */
public final class NodeTypeCatalog {

  /** One node type: its versions, oldest first, and the JSON Schema its config must meet. */
  public record NodeType(String name, List<SemanticVersion> versions, JsonObject configSchema) {
    /** The newest version satisfying {@code range}, if any. */
    public Optional<SemanticVersion> resolve(VersionRange range) {
      return versions.stream().filter(range::isSatisfiedBy).max(Comparator.naturalOrder());
    }
  }

  private final Map<String, NodeType> types;

  private NodeTypeCatalog(Map<String, NodeType> types) {
    this.types = types;
  }

  /** The reference engine's catalog, from {@code node-types.json}. */
  public static NodeTypeCatalog reference() {
    try (InputStream in = NodeTypeCatalog.class.getResourceAsStream("/node-types.json")) {
      return fromJson(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("node-types.json is part of the common jar", e);
    }
  }

  /** Blocking: the catalog in {@code file} ({@code AXON_NODE_TYPES}), or the reference one. */
  public static NodeTypeCatalog load(Optional<java.nio.file.Path> file) {
    if (file.isEmpty()) {
      return reference();
    }
    try {
      return fromJson(new JsonObject(java.nio.file.Files.readString(file.get(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the node type catalog " + file.get() + " (AXON_NODE_TYPES)", e);
    }
  }

  public static NodeTypeCatalog fromJson(JsonObject json) {
    Map<String, NodeType> types = new TreeMap<>();
    for (String name : json.fieldNames()) {
      JsonObject type = json.getJsonObject(name);
      List<SemanticVersion> versions = type.getJsonArray("versions").stream()
          .map(v -> SemanticVersion.parse((String) v)).sorted().toList();
      types.put(name, new NodeType(name, versions, type.getJsonObject("configSchema")));
    }
    return new NodeTypeCatalog(types);
  }

  public Optional<NodeType> find(String name) {
    return Optional.ofNullable(types.get(name));
  }

  public java.util.Set<String> names() {
    return types.keySet();
  }
}
