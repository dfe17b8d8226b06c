package io.axon.deploy.registry.version;

import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.semver.SemanticVersion;
import java.util.Locale;

/** Which number of the highest release a new version increments. */
public enum Bump {
  MAJOR, MINOR, PATCH;

  public SemanticVersion apply(SemanticVersion release) {
    return switch (this) {
      case MAJOR -> release.nextMajor();
      case MINOR -> release.nextMinor();
      case PATCH -> release.nextPatch();
    };
  }

  public static Bump fromWire(String text) {
    for (Bump bump : values()) {
      if (bump.name().toLowerCase(Locale.ROOT).equals(text)) {
        return bump;
      }
    }
    throw Problem.malformed("unknown bump '" + text + "'; one of major, minor, patch");
  }
}
