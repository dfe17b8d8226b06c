package io.axon.deploy.gateway.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A token as stored: never its secret, only the secret's digest. */
public record StoredToken(UUID id, String tokenHash, String user, java.util.Set<Role> roles, Instant createdAt,
    String createdBy, Optional<Instant> expiresAt, Optional<Instant> revokedAt) {

  public boolean validAt(Instant now) {
    return revokedAt.isEmpty() && expiresAt.map(now::isBefore).orElse(true);
  }

  public Principal principal() {
    return new Principal(id.toString(), user, roles);
  }

  /** As another gateway announces it: {@link #toJson} with its {@code tokenHash}. */
  public static StoredToken fromJson(JsonObject json) {
    return new StoredToken(java.util.UUID.fromString(json.getString("id")), json.getString("tokenHash"), json.getString("user"),
        json.getJsonArray("roles").stream().map(r -> Role.fromWire((String) r)).collect(java.util.stream.Collectors.toUnmodifiableSet()),
        Instant.parse(json.getString("createdAt")), json.getString("createdBy"),
        Optional.ofNullable(json.getString("expiresAt")).map(Instant::parse),
        Optional.ofNullable(json.getString("revokedAt")).map(Instant::parse));
  }

  /** As {@code GET /api/v1/tokens} shows it. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("user", user)
        .put("roles", new JsonArray(roles.stream().map(Role::wire).sorted().toList()))
        .put("createdAt", createdAt.toString())
        .put("createdBy", createdBy)
        .put("expiresAt", expiresAt.map(Instant::toString).orElse(null))
        .put("revokedAt", revokedAt.map(Instant::toString).orElse(null));
  }
}
