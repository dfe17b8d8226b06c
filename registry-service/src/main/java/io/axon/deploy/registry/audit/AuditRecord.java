package io.axon.deploy.registry.audit;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** An appended audit entry with its place in the chain. */
public record AuditRecord(long seq, UUID id, Instant at, AuditEntry entry, String prevHash, String hash) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("seq", seq)
        .put("id", id.toString())
        .put("at", at.toString())
        .put("actor", entry.actor())
        .put("action", entry.action())
        .put("subject", entry.subject())
        .put("requestId", entry.requestId())
        .put("details", entry.details())
        .put("prevHash", prevHash)
        .put("hash", hash);
  }
}
