package io.axon.deploy.common.db;

import java.util.Optional;
import java.util.UUID;

/** Ids as clients send them: a path segment that is no UUID names nothing, rather than failing a query. */
public final class Uuids {
  private Uuids() {
  }

  /** {@code id} as a UUID; empty when it is none (null, malformed). */
  public static Optional<UUID> parse(String id) {
    try {
      return Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException | NullPointerException e) {
      return Optional.empty();
    }
  }
}
