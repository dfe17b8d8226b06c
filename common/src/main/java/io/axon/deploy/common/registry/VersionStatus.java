package io.axon.deploy.common.registry;

import io.axon.deploy.common.error.Problem;
import java.util.Locale;

/** Where a version is in its life: draft, then published, deprecated, archived. */
public enum VersionStatus {
  DRAFT, PUBLISHED, DEPRECATED, ARCHIVED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static VersionStatus fromWire(String text) {
    for (VersionStatus status : values()) {
      if (status.wire().equals(text)) {
        return status;
      }
    }
    throw Problem.at(io.axon.deploy.common.error.ProblemType.MALFORMED, "/status", "unknown status '" + text + "'; one of draft, published, deprecated, archived");
  }
}
