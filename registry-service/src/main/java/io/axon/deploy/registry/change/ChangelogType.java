package io.axon.deploy.registry.change;

import java.util.Locale;

/** The Keep-a-Changelog sections. */
public enum ChangelogType {
  ADDED, CHANGED, DEPRECATED, REMOVED, FIXED, SECURITY;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String heading() {
    return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
  }

  public static ChangelogType fromWire(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }
}
