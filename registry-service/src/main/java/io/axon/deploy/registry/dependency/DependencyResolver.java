package io.axon.deploy.registry.dependency;

import io.axon.deploy.common.registry.Dependency;
import io.axon.deploy.common.nodes.NodeTypeCatalog;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.registry.definition.CycleFinder;
import io.axon.deploy.common.registry.VersionStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Resolves a version's dependencies: for each workflow the highest published (or deprecated, with a
 * warning) version that satisfies every range asked of it, followed transitively until nothing
 * changes; node types against the catalog. One version per dependency, so two dependents whose
 * ranges no version meets together are a conflict; a range nothing meets is missing.
 */
public final class DependencyResolver {
  private static final int MAX_ROUNDS = 64;

  /** A version of a workflow that can be picked, with what it needs in turn. */
  public record Candidate(SemanticVersion version, VersionStatus status, List<Dependency> dependencies) {
  }

  private record Need(String dependent, Dependency dependency) {
  }

  private final NodeTypeCatalog catalog;

  public DependencyResolver(NodeTypeCatalog catalog) {
    this.catalog = catalog;
  }

  /**
   * @param root the dependent at the top, as {@code workflow@version}
   * @param workflows every candidate version of every workflow that may be reached, by workflow key
   */
  public JsonObject resolve(String rootWorkflow, SemanticVersion rootVersion, List<Dependency> dependencies,
      Map<String, List<Candidate>> workflows) {
    return resolve(rootWorkflow, rootVersion, dependencies, workflows, Map.of());
  }

  /**
   * @param pinnedNodeTypes for a published root, the node type versions it was pinned to, by type:
   *     its node dependencies resolve to those, not to what the catalog offers now
   */
  public JsonObject resolve(String rootWorkflow, SemanticVersion rootVersion, List<Dependency> dependencies,
      Map<String, List<Candidate>> workflows, Map<String, List<SemanticVersion>> pinnedNodeTypes) {
    String root = rootWorkflow + "@" + rootVersion;
    String rootKey = "workflow:" + rootWorkflow;
    // a cycle back to the root meets the root itself, not another version of it
    Candidate self = new Candidate(rootVersion, VersionStatus.PUBLISHED, List.of());
    Map<String, Candidate> picked = new LinkedHashMap<>();
    Map<String, List<Need>> needs = Map.of();
    boolean settled = false;
    for (int round = 0; round < MAX_ROUNDS && !settled; round++) {
      needs = needs(root, dependencies, picked);
      Map<String, Candidate> next = new LinkedHashMap<>();
      needs.forEach((key, asked) -> {
        Dependency first = asked.get(0).dependency();
        if (key.equals(rootKey)) {
          pick(List.of(self), asked).ifPresent(c -> next.put(key, c));
        } else if (first.type().equals("workflow")) {
          pick(workflows.getOrDefault(first.name(), List.of()), asked).ifPresent(c -> next.put(key, c));
        }
      });
      settled = next.equals(picked);
      picked = next;
    }
    Map<String, List<Candidate>> offered = new java.util.HashMap<>(workflows);
    offered.put(rootWorkflow, List.of(self));
    JsonObject report = report(rootWorkflow, needs, picked, offered, pinnedNodeTypes);
    if (!settled) {
      report.getJsonArray("warnings").add("resolution did not settle after " + MAX_ROUNDS + " rounds; the choice shown may change");
    }
    return report;
  }

  private static Map<String, List<Need>> needs(String root, List<Dependency> dependencies, Map<String, Candidate> picked) {
    Map<String, List<Need>> needs = new LinkedHashMap<>();
    dependencies.forEach(d -> needs.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(new Need(root, d)));
    picked.forEach((key, candidate) -> candidate.dependencies().forEach(d -> needs.computeIfAbsent(d.key(), k -> new ArrayList<>())
        .add(new Need(key.substring(key.indexOf(':') + 1) + "@" + candidate.version(), d))));
    return needs;
  }

  private static Optional<Candidate> pick(List<Candidate> candidates, List<Need> asked) {
    return candidates.stream()
        .filter(c -> c.status() == VersionStatus.PUBLISHED || c.status() == VersionStatus.DEPRECATED)
        .filter(c -> asked.stream().allMatch(n -> n.dependency().constraint().isSatisfiedBy(c.version())))
        .max(Comparator.comparing(Candidate::version));
  }

  private JsonObject report(String rootWorkflow, Map<String, List<Need>> needs, Map<String, Candidate> picked,
      Map<String, List<Candidate>> workflows, Map<String, List<SemanticVersion>> pinnedNodeTypes) {
    JsonArray resolved = new JsonArray();
    JsonArray conflicts = new JsonArray();
    JsonArray missing = new JsonArray();
    JsonArray warnings = new JsonArray();
    needs.forEach((key, asked) -> {
      Dependency dependency = asked.get(0).dependency();
      List<SemanticVersion> offered = offered(dependency, workflows, pinnedNodeTypes);
      Optional<SemanticVersion> version = switch (dependency.type()) {
        case "workflow" -> Optional.ofNullable(picked.get(key)).map(Candidate::version);
        case "node" -> offered.stream().filter(v -> asked.stream().allMatch(n -> n.dependency().constraint().isSatisfiedBy(v)))
            .max(Comparator.naturalOrder());
        default -> Optional.empty();
      };
      if (version.isPresent()) {
        resolved.add(new JsonObject().put("dependency", dependency.toJson()).put("resolvedVersion", version.get().toString())
            .put("compatible", true).put("dependents", dependents(asked)));
        Candidate candidate = picked.get(key);
        if (candidate != null && candidate.status() == VersionStatus.DEPRECATED) {
          warnings.add(dependency.name() + "@" + version.get() + " is deprecated");
        }
      } else if (!dependency.type().equals("workflow") && !dependency.type().equals("node")) {
        resolved.add(new JsonObject().put("dependency", dependency.toJson()).put("resolvedVersion", null)
            .put("compatible", null).put("dependents", dependents(asked)));
        warnings.add(dependency.type() + " " + dependency.name() + " is checked against an environment's engine instances");
      } else if (asked.stream().allMatch(n -> offered.stream().anyMatch(v -> n.dependency().constraint().isSatisfiedBy(v)))) {
        conflicts.add(new JsonObject().put("dependency", new JsonObject().put("type", dependency.type()).put("name", dependency.name()))
            .put("dependents", dependents(asked))
            .put("ranges", new JsonArray(asked.stream().map(n -> n.dependency().constraint().toString()).toList())));
      } else if (asked.stream().noneMatch(n -> n.dependency().required())) {
        warnings.add("optional " + dependency.type() + " " + dependency.name() + " is not available");
      } else {
        missing.add(dependency.toJson().put("dependents", dependents(asked)).put("reason", offered.isEmpty()
            ? "no published version of " + dependency.type() + " " + dependency.name()
            : "no published version satisfies " + String.join(" and ", asked.stream().map(n -> n.dependency().constraint().toString()).toList())));
      }
    });
    return new JsonObject().put("resolved", resolved).put("conflicts", conflicts).put("missing", missing)
        .put("cycles", cycles(rootWorkflow, needs, picked)).put("warnings", warnings);
  }

  private List<SemanticVersion> offered(Dependency dependency, Map<String, List<Candidate>> workflows,
      Map<String, List<SemanticVersion>> pinnedNodeTypes) {
    return switch (dependency.type()) {
      case "workflow" -> workflows.getOrDefault(dependency.name(), List.of()).stream()
          .filter(c -> c.status() == VersionStatus.PUBLISHED || c.status() == VersionStatus.DEPRECATED)
          .map(Candidate::version).toList();
      case "node" -> pinnedNodeTypes.containsKey(dependency.name()) ? pinnedNodeTypes.get(dependency.name())
          : catalog.find(dependency.name()).map(NodeTypeCatalog.NodeType::versions).orElse(List.of());
      default -> List.of();
    };
  }

  /** Cycles among workflows: the root and the workflows it reaches through what was picked. */
  private static JsonArray cycles(String rootWorkflow, Map<String, List<Need>> needs, Map<String, Candidate> picked) {
    List<CycleFinder.Edge> edges = new ArrayList<>();
    Set<String> nodes = new LinkedHashSet<>(); // the root first, so that cycles read from it
    nodes.add(rootWorkflow);
    needs.forEach((key, asked) -> asked.forEach(need -> {
      if (need.dependency().type().equals("workflow")) {
        String from = need.dependent().substring(0, need.dependent().lastIndexOf('@'));
        edges.add(new CycleFinder.Edge(from, need.dependency().name()));
        nodes.add(from);
        nodes.add(need.dependency().name());
      }
    }));
    JsonArray cycles = new JsonArray();
    new CycleFinder(nodes, edges).cycles().forEach(cycle -> cycles.add(new JsonArray(cycle)));
    return cycles;
  }

  private static JsonArray dependents(List<Need> asked) {
    return new JsonArray(asked.stream().map(n -> new JsonObject().put("dependent", n.dependent())
        .put("constraint", n.dependency().constraint().toString())).toList());
  }
}
