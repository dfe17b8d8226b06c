package io.axon.deploy.registry.change;

import java.util.Locale;

/** How well one version stands in for another. */
public enum Compatibility {
  // in order of concern: a known incompatibility outranks not knowing
  COMPATIBLE, PARTIALLY_COMPATIBLE, UNKNOWN, INCOMPATIBLE;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  Compatibility worst(Compatibility other) {
    return ordinal() >= other.ordinal() ? this : other;
  }
}
