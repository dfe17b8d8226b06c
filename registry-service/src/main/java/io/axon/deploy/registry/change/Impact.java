package io.axon.deploy.registry.change;

import java.util.Locale;

/** What a change means to a workflow's callers, from harmless to breaking. */
public enum Impact {
  COSMETIC, BUGFIX, FEATURE, BREAKING;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
