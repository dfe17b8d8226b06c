package io.axon.deploy.registry.version;

import static io.axon.deploy.common.registry.VersionStatus.ARCHIVED;
import static io.axon.deploy.common.registry.VersionStatus.DEPRECATED;
import static io.axon.deploy.common.registry.VersionStatus.DRAFT;
import static io.axon.deploy.common.registry.VersionStatus.PUBLISHED;

import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.registry.VersionStatus;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The lifecycle moves a user can ask for. Publishing freezes a draft; deprecating warns users off a
 * published version; archiving retires a version for good (a draft can be discarded that way too).
 */
public enum Transition {
  PUBLISH(EnumSet.of(DRAFT), PUBLISHED),
  DEPRECATE(EnumSet.of(PUBLISHED), DEPRECATED),
  ARCHIVE(EnumSet.of(DRAFT, PUBLISHED, DEPRECATED), ARCHIVED);

  private final Set<VersionStatus> from;
  private final VersionStatus to;

  Transition(Set<VersionStatus> from, VersionStatus to) {
    this.from = from;
    this.to = to;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status after this transition, or a 409 problem when {@code current} does not allow it. */
  public VersionStatus apply(VersionStatus current) {
    if (!from.contains(current)) {
      throw Problem.conflict("a " + current.wire() + " version cannot be " + to.wire()
          + "; only a " + String.join(" or ", from.stream().map(VersionStatus::wire).toList()) + " version can");
    }
    return to;
  }

  public static Transition fromWire(String text) {
    for (Transition transition : values()) {
      if (transition.wire().equals(text)) {
        return transition;
      }
    }
    throw Problem.malformed("unknown transition '" + text + "'; one of publish, deprecate, archive");
  }
}
