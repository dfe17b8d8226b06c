package io.axon.deploy.registry.change;

import static io.axon.deploy.registry.change.Change.ABSENT;

import io.axon.deploy.common.nodes.NodeTypeCatalog;
import io.axon.deploy.common.semver.InvalidVersionException;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.common.semver.VersionRange;
import io.axon.deploy.registry.change.JsonDiff.Leaf;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds what changed between two definitions and what each change means: nodes by id (added,
 * removed, type, type version, config leaf by leaf, title, position), connections by id, workflow
 * config, input and output schemas as contracts ({@link SchemaContract}), smoke tests.
 */
public final class ChangeDetector {
  private static final Set<String> CONTRACTS = Set.of("inputSchema", "outputSchema");
  private static final NodeTypeCatalog REFERENCE = NodeTypeCatalog.reference();

  private final NodeTypeCatalog catalog;

  /** Resolves node type versions against the reference engine's catalog. */
  public ChangeDetector() {
    this(REFERENCE);
  }

  public ChangeDetector(NodeTypeCatalog catalog) {
    this.catalog = catalog;
  }

  public List<Change> detect(JsonObject before, JsonObject after) {
    JsonObject a = DefinitionModel.keyed(before);
    JsonObject b = DefinitionModel.keyed(after);
    List<Change> changes = new ArrayList<>();
    nodes(a.getJsonObject("nodes"), b.getJsonObject("nodes"), changes);
    connections(a.getJsonObject("connections"), b.getJsonObject("connections"), changes);
    TreeSet<String> fields = new TreeSet<>(a.fieldNames());
    fields.addAll(b.fieldNames());
    fields.removeAll(Set.of("nodes", "connections"));
    for (String field : fields) {
      Object from = a.containsKey(field) ? a.getValue(field) : ABSENT;
      Object to = b.containsKey(field) ? b.getValue(field) : ABSENT;
      if (CONTRACTS.contains(field)) {
        SchemaContract.compare(field.equals("inputSchema") ? SchemaContract.Side.INPUT : SchemaContract.Side.OUTPUT,
            "/" + field, from, to, changes);
      } else {
        for (Leaf leaf : JsonDiff.diff(JsonPointer.append("", field), from, to)) {
          changes.add(field.equals("smokeTests")
              ? change("smoke-tests.changed", leaf, Impact.COSMETIC, ChangelogType.CHANGED, "smoke tests changed", "workflow")
              : change("config.changed", leaf, Impact.BUGFIX, ChangelogType.CHANGED,
                  "workflow setting " + leaf.path().substring(1) + " " + verb(leaf), "workflow"));
        }
      }
    }
    return changes;
  }

  private void nodes(JsonObject a, JsonObject b, List<Change> changes) {
    for (String id : union(a, b)) {
      Object from = a.containsKey(id) ? a.getValue(id) : ABSENT;
      Object to = b.containsKey(id) ? b.getValue(id) : ABSENT;
      String path = JsonPointer.append("/nodes", id);
      if (from == ABSENT) {
        changes.add(new Change("node.added", path, Impact.FEATURE, ChangelogType.ADDED,
            "node " + id + " (" + ((JsonObject) to).getString("type") + ") added", List.of(id), ABSENT, to));
      } else if (to == ABSENT) {
        changes.add(new Change("node.removed", path, Impact.BREAKING, ChangelogType.REMOVED,
            "node " + id + " (" + ((JsonObject) from).getString("type") + ") removed", List.of(id), from, ABSENT));
      } else if (!JsonDiff.same(from, to)) {
        for (Leaf leaf : JsonDiff.diff(path, from, to)) {
          changes.add(nodeChange(id, leaf, (JsonObject) from, (JsonObject) to));
        }
      }
    }
  }

  private Change nodeChange(String id, Leaf leaf, JsonObject from, JsonObject to) {
    List<String> tokens = JsonPointer.tokens(leaf.path());
    String field = tokens.size() > 2 ? tokens.get(2) : "";
    return switch (field) {
      case "type" -> change("node.type.changed", leaf, Impact.BREAKING, ChangelogType.CHANGED,
          "node " + id + " changed type from " + leaf.before() + " to " + leaf.after(), id);
      case "typeVersion" -> typeVersionChange(id, leaf, from, to);
      case "config" -> change("node.config.changed", leaf, Impact.BUGFIX, ChangelogType.CHANGED,
          "node " + id + " config " + String.join("/", tokens.subList(3, tokens.size())) + " " + verb(leaf), id);
      case "title" -> change("node.title.changed", leaf, Impact.COSMETIC, ChangelogType.CHANGED,
          "node " + id + " renamed to " + leaf.after(), id);
      case "position" -> change("node.position.changed", leaf, Impact.COSMETIC, ChangelogType.CHANGED,
          "node " + id + " moved", id);
      default -> change("node.changed", leaf, Impact.BUGFIX, ChangelogType.CHANGED,
          "node " + id + " " + field + " " + verb(leaf), id);
    };
  }

  /**
   * A major step (or any step down) of a node type's version breaks, a minor one adds, a patch
   * fixes. Ranges and an absent version (the newest) are compared as the catalog resolves them;
   * what does not resolve is taken as breaking, its compatibility unknown.
   */
  private Change typeVersionChange(String id, Leaf leaf, JsonObject fromNode, JsonObject toNode) {
    Optional<SemanticVersion> from = resolve(fromNode.getString("type"), leaf.before());
    Optional<SemanticVersion> to = resolve(toNode.getString("type"), leaf.after());
    String description = "node " + id + " type version " + show(leaf.before()) + " -> " + show(leaf.after());
    if (from.isEmpty() || to.isEmpty()) {
      return change("node.type-version.unresolvable", leaf, Impact.BREAKING, ChangelogType.CHANGED, description, id);
    }
    Impact impact = Impact.FEATURE;
    if (to.get().major() != from.get().major() || to.get().compareTo(from.get()) < 0) {
      impact = Impact.BREAKING;
    } else if (to.get().minor() == from.get().minor()) {
      impact = to.get().equals(from.get()) ? Impact.COSMETIC : Impact.BUGFIX;
    }
    return change("node.type-version.changed", leaf, impact, ChangelogType.CHANGED, description, id);
  }

  /** The catalog version a node's {@code typeVersion} (a version, a range, or absent for the newest) stands for. */
  private Optional<SemanticVersion> resolve(String type, Object typeVersion) {
    if (typeVersion instanceof String text) {
      try {
        return Optional.of(SemanticVersion.parse(text)); // an exact version stands for itself
      } catch (InvalidVersionException range) {
        // resolved below
      }
    }
    Optional<NodeTypeCatalog.NodeType> nodeType = catalog.find(type);
    if (nodeType.isEmpty()) {
      return Optional.empty();
    }
    try {
      VersionRange range = VersionRange.parse(typeVersion == ABSENT ? "*" : String.valueOf(typeVersion));
      return nodeType.get().resolve(range);
    } catch (InvalidVersionException e) {
      return Optional.empty();
    }
  }

  private static void connections(JsonObject a, JsonObject b, List<Change> changes) {
    for (String id : union(a, b)) {
      Object from = a.containsKey(id) ? a.getValue(id) : ABSENT;
      Object to = b.containsKey(id) ? b.getValue(id) : ABSENT;
      if (JsonDiff.same(from, to)) {
        continue;
      }
      String path = JsonPointer.append("/connections", id);
      if (from == ABSENT) {
        changes.add(new Change("connection.added", path, Impact.FEATURE, ChangelogType.ADDED,
            "connection " + describe((JsonObject) to) + " added", ends((JsonObject) to), ABSENT, to));
      } else if (to == ABSENT) {
        changes.add(new Change("connection.removed", path, Impact.BREAKING, ChangelogType.REMOVED,
            "connection " + describe((JsonObject) from) + " removed", ends((JsonObject) from), from, ABSENT));
      } else {
        List<String> affected = new ArrayList<>(ends((JsonObject) from));
        ends((JsonObject) to).stream().filter(n -> !affected.contains(n)).forEach(affected::add);
        changes.add(new Change("connection.changed", path, Impact.BREAKING, ChangelogType.CHANGED,
            "connection " + id + " now " + describe((JsonObject) to), affected, from, to));
      }
    }
  }

  /** The ids of both, in definition order: first those of {@code a}, then those only {@code b} has. */
  private static Set<String> union(JsonObject a, JsonObject b) {
    Set<String> ids = new LinkedHashSet<>(a.fieldNames());
    ids.addAll(b.fieldNames());
    return ids;
  }

  private static String describe(JsonObject connection) {
    return connection.getString("id") + " " + connection.getString("from") + " -> " + connection.getString("to");
  }

  private static List<String> ends(JsonObject connection) {
    return List.of(connection.getString("from"), connection.getString("to"));
  }

  static Change change(String kind, Leaf leaf, Impact impact, ChangelogType type, String description, String component) {
    return new Change(kind, leaf.path(), impact, type, description, List.of(component), leaf.before(), leaf.after());
  }

  static String verb(Leaf leaf) {
    return leaf.before() == ABSENT ? "added" : leaf.after() == ABSENT ? "removed" : "changed";
  }

  private static String show(Object value) {
    return value == ABSENT ? "(newest)" : String.valueOf(value);
  }
}
