package io.axon.deploy.registry.dependency;

import io.axon.deploy.common.nodes.NodeTypeCatalog;
import io.axon.deploy.common.registry.Dependency;
import io.axon.deploy.common.registry.VersionStatus;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.registry.dependency.DependencyResolver.Candidate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Resolution across the registry: workflows at their published (or deprecated) versions, node types
 * at what the catalog offers (or, for a published root, what it was pinned to). Services and
 * libraries are only known to engine instances, so they are left unchecked here.
 */
final class CatalogOffers implements Offers {
  private final NodeTypeCatalog catalog;
  private final Map<String, List<SemanticVersion>> pinnedNodeTypes;

  CatalogOffers(NodeTypeCatalog catalog, Map<String, List<SemanticVersion>> pinnedNodeTypes) {
    this.catalog = catalog;
    this.pinnedNodeTypes = pinnedNodeTypes;
  }

  @Override
  public boolean pickable(Candidate candidate) {
    return candidate.status() == VersionStatus.PUBLISHED || candidate.status() == VersionStatus.DEPRECATED;
  }

  @Override
  public Verdict judge(Dependency dependency, List<Dependency> asked) {
    if (!dependency.type().equals("node")) {
      return new Verdict(Outcome.UNCHECKED, java.util.Optional.empty(),
          dependency.type() + " " + dependency.name() + " is checked against an environment's engine instances");
    }
    List<SemanticVersion> offered = pinnedNodeTypes.containsKey(dependency.name()) ? pinnedNodeTypes.get(dependency.name())
        : catalog.find(dependency.name()).map(NodeTypeCatalog.NodeType::versions).orElse(List.of());
    return offered.stream().filter(v -> Offers.satisfiesAll(v, asked)).max(Comparator.naturalOrder())
        .map(Verdict::resolved)
        .orElseGet(() -> asked.stream().allMatch(d -> offered.stream().anyMatch(d.constraint()::isSatisfiedBy))
            ? new Verdict(Outcome.CONFLICT, java.util.Optional.empty(), "")
            : Verdict.missing(offered.isEmpty() ? "no published version of node " + dependency.name()
                : "no published version satisfies " + Offers.ranges(asked)));
  }

  @Override
  public String missingWorkflow(Dependency dependency, List<Dependency> asked, List<SemanticVersion> offered) {
    return offered.isEmpty() ? "no published version of workflow " + dependency.name()
        : "no published version satisfies " + Offers.ranges(asked);
  }

  @Override
  public String where() {
    return "";
  }
}
