package io.axon.deploy.registry.change;

import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.registry.version.Bump;
import java.util.List;
import java.util.Optional;

/**
 * Whether a version number tells the truth about its changes: the step from the base's release to
 * the new version's release must be at least the bump each change needs. Prereleases of one
 * release line may differ freely among themselves; the line as a whole is checked against the
 * release it follows.
 */
public final class BumpPolicy {
  private BumpPolicy() {
  }

  /** The bump from {@code base} to {@code next}, by their release numbers; empty within one release line. */
  public static Optional<Bump> step(SemanticVersion base, SemanticVersion next) {
    if (next.major() != base.major()) {
      return Optional.of(Bump.MAJOR);
    }
    if (next.minor() != base.minor()) {
      return Optional.of(Bump.MINOR);
    }
    if (next.patch() != base.patch() || (base.isPrerelease() && !next.isPrerelease())) {
      return Optional.of(Bump.PATCH);
    }
    return Optional.empty();
  }

  /** The changes that need a bigger step than {@code base} to {@code next} takes. */
  public static List<Change> offending(SemanticVersion base, SemanticVersion next, ChangeAnalysis analysis) {
    Optional<Bump> step = step(base, next);
    if (step.isEmpty()) {
      return List.of();
    }
    return analysis.changes().stream()
        .filter(change -> ChangeAnalysis.bumpFor(change.impact(), base).ordinal() < step.get().ordinal())
        .toList();
  }
}
