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
 * Resolves a version's dependencies: for each workflow the highest version that satisfies every
 * range asked of it, followed transitively until nothing changes. Across the registry that is the
 * highest published (or deprecated, with a warning) version, with node types against the catalog
 * ({@link CatalogOffers}); in an environment, the highest version live there, with node types,
 * services and libraries against its healthy engine instances ({@link EnvironmentOffers}). One
 * version per dependency, so two dependents whose ranges no version meets together are a
 * conflict; a range nothing meets is missing.
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
    return resolve(new CatalogOffers(catalog, pinnedNodeTypes), rootWorkflow, rootVersion, dependencies, workflows);
  }

  /**
   * Resolves in one environment: workflows among the versions live there, node types, services and
   * libraries against what its healthy instances offer ({@link EnvironmentOffers}).
   *
   * @param live the versions of each workflow that are live in the environment
   */
  public JsonObject resolveIn(EnvironmentOffers environment, String rootWorkflow, SemanticVersion rootVersion,
      List<Dependency> dependencies, Map<String, List<Candidate>> live) {
    return resolve(environment, rootWorkflow, rootVersion, dependencies, live).put("environment", environment.environment());
  }

  private JsonObject resolve(Offers offers, String rootWorkflow, SemanticVersion rootVersion, List<Dependency> dependencies,
      Map<String, List<Candidate>> workflows) {
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
          pick(List.of(self), asked, offers).ifPresent(c -> next.put(key, c));
        } else if (first.type().equals("workflow")) {
          pick(workflows.getOrDefault(first.name(), List.of()), asked, offers).ifPresent(c -> next.put(key, c));
        }
      });
      settled = next.equals(picked);
      picked = next;
    }
    Map<String, List<Candidate>> offered = new java.util.HashMap<>(workflows);
    offered.put(rootWorkflow, List.of(self));
    JsonObject report = report(rootWorkflow, needs, picked, offered, offers);
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

  private static Optional<Candidate> pick(List<Candidate> candidates, List<Need> asked, Offers offers) {
    return candidates.stream()
        .filter(offers::pickable)
        .filter(c -> asked.stream().allMatch(n -> n.dependency().constraint().isSatisfiedBy(c.version())))
        .max(Comparator.comparing(Candidate::version));
  }

  private JsonObject report(String rootWorkflow, Map<String, List<Need>> needs, Map<String, Candidate> picked,
      Map<String, List<Candidate>> workflows, Offers offers) {
    JsonArray resolved = new JsonArray();
    JsonArray conflicts = new JsonArray();
    JsonArray missing = new JsonArray();
    JsonArray warnings = new JsonArray();
    needs.forEach((key, asked) -> {
      Dependency dependency = asked.get(0).dependency();
      List<Dependency> ranges = asked.stream().map(Need::dependency).toList();
      Offers.Verdict verdict = dependency.type().equals("workflow")
          ? workflowVerdict(dependency, ranges, picked.get(key), workflows, offers) : offers.judge(dependency, ranges);
      switch (verdict.outcome()) {
        case RESOLVED -> {
          resolved.add(new JsonObject().put("dependency", dependency.toJson())
              .put("resolvedVersion", verdict.version().orElseThrow().toString())
              .put("compatible", true).put("dependents", dependents(asked)));
          Candidate candidate = picked.get(key);
          if (candidate != null && candidate.status() == VersionStatus.DEPRECATED) {
            warnings.add(dependency.name() + "@" + candidate.version() + " is deprecated");
          }
        }
        case UNCHECKED -> {
          resolved.add(new JsonObject().put("dependency", dependency.toJson()).put("resolvedVersion", null)
              .put("compatible", null).put("dependents", dependents(asked)));
          warnings.add(verdict.note());
        }
        case CONFLICT -> conflicts.add(new JsonObject()
            .put("dependency", new JsonObject().put("type", dependency.type()).put("name", dependency.name()))
            .put("dependents", dependents(asked))
            .put("ranges", new JsonArray(ranges.stream().map(d -> d.constraint().toString()).toList())));
        default -> {
          if (asked.stream().noneMatch(n -> n.dependency().required())) {
            warnings.add("optional " + dependency.type() + " " + dependency.name() + " is not available" + offers.where());
          } else {
            missing.add(dependency.toJson().put("dependents", dependents(asked)).put("reason", verdict.note()));
          }
        }
      }
    });
    return new JsonObject().put("resolved", resolved).put("conflicts", conflicts).put("missing", missing)
        .put("cycles", cycles(rootWorkflow, needs, picked)).put("warnings", warnings);
  }

  /** The picked version; else a conflict when each range alone meets a version, else missing. */
  private static Offers.Verdict workflowVerdict(Dependency dependency, List<Dependency> asked, Candidate picked,
      Map<String, List<Candidate>> workflows, Offers offers) {
    if (picked != null) {
      return Offers.Verdict.resolved(picked.version());
    }
    List<SemanticVersion> offered = workflows.getOrDefault(dependency.name(), List.of()).stream()
        .filter(offers::pickable).map(Candidate::version).toList();
    if (asked.stream().allMatch(d -> offered.stream().anyMatch(d.constraint()::isSatisfiedBy))) {
      return new Offers.Verdict(Offers.Outcome.CONFLICT, Optional.empty(), "");
    }
    return Offers.Verdict.missing(offers.missingWorkflow(dependency, asked, offered));
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
