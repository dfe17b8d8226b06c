package io.axon.deploy.registry.version;

import io.axon.deploy.common.semver.SemanticVersion;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Picks the number of a new version from a bump. The bump applies to the highest release
 * (prereleases aside), so that {@code minor} after 1.4.0 and 2.0.0-beta.1 is 1.5.0; a prerelease
 * tag numbers within the bumped version's line: {@code beta} gives 2.0.0-beta.1, then beta.2.
 */
public final class VersionNumbering {
  private static final SemanticVersion NOTHING_RELEASED = SemanticVersion.of(0, 0, 0);

  private VersionNumbering() {
  }

  /** The release the bump leads to: 1.0.0 for a first major, 0.1.0 for a first minor. */
  public static SemanticVersion target(Bump bump, Optional<SemanticVersion> highestRelease) {
    return bump.apply(highestRelease.orElse(NOTHING_RELEASED));
  }

  /**
   * {@code target-tag.N}, N one more than the highest {@code tag.N} among {@code existing}
   * prereleases of the same target (1 when there is none).
   */
  public static SemanticVersion prerelease(SemanticVersion target, String tag, Collection<SemanticVersion> existing) {
    int highest = 0;
    for (SemanticVersion version : existing) {
      List<String> ids = version.prerelease();
      if (version.release().equals(target) && ids.size() == 2 && ids.get(0).equals(tag) && isNumber(ids.get(1))) {
        highest = Math.max(highest, Integer.parseInt(ids.get(1)));
      }
    }
    return target.withPrerelease(tag + "." + (highest + 1));
  }

  private static boolean isNumber(String id) {
    return !id.isEmpty() && id.length() < 10 && id.chars().allMatch(Character::isDigit);
  }
}
