package io.axon.deploy.common.monitor;

import java.util.Locale;

/** How one routed execution ended, as the gateway saw it. */
public enum ExecutionOutcome {
  /** The workflow ran and succeeded. */
  SUCCEEDED,
  /** The workflow ran and failed (a node failed, or it timed out). */
  FAILED,
  /** No answer from the engine: unreachable after it was picked, or an engine-side 5xx. */
  ERROR,
  /** The engine refused the caller's request (4xx: input that breaks the schema, malformed JSON): not the version's fault. */
  REJECTED;

  /** Counts against the version in error rates. */
  public boolean isError() {
    return this == FAILED || this == ERROR;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ExecutionOutcome fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
