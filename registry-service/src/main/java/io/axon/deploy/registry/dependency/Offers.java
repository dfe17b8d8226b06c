package io.axon.deploy.registry.dependency;

import io.axon.deploy.common.registry.Dependency;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.registry.dependency.DependencyResolver.Candidate;
import java.util.List;
import java.util.Optional;

/**
 * Where dependencies resolve: across the registry ({@link CatalogOffers}) or in one environment
 * ({@link EnvironmentOffers}). The resolver picks workflow versions among the candidates it is
 * given; an {@code Offers} says which of those count and judges every other kind of dependency.
 */
interface Offers {

  /** What a node, service or library dependency came to. */
  record Verdict(Outcome outcome, Optional<SemanticVersion> version, String note) {
    static Verdict resolved(SemanticVersion version) {
      return new Verdict(Outcome.RESOLVED, Optional.of(version), "");
    }

    static Verdict missing(String reason) {
      return new Verdict(Outcome.MISSING, Optional.empty(), reason);
    }
  }

  enum Outcome {
    RESOLVED,
    /** Each range alone could be met, not all of them together. */
    CONFLICT,
    MISSING,
    /** Not checkable here: resolved without a version, with a warning. */
    UNCHECKED
  }

  /** Whether a workflow version may be picked. */
  boolean pickable(Candidate candidate);

  /** The verdict on a node, service or library dependency asked for with {@code ranges}, every one of them. */
  Verdict judge(Dependency dependency, List<Dependency> asked);

  /** Why no workflow version could be picked: {@code offered} are the pickable versions of that workflow. */
  String missingWorkflow(Dependency dependency, List<Dependency> asked, List<SemanticVersion> offered);

  /** Appended to "optional node http is not available": where. */
  String where();

  static String ranges(List<Dependency> asked) {
    return String.join(" and ", asked.stream().map(d -> d.constraint().toString()).toList());
  }

  static boolean satisfiesAll(SemanticVersion version, List<Dependency> asked) {
    return asked.stream().allMatch(d -> d.constraint().isSatisfiedBy(version));
  }
}
