package io.axon.deploy.registry.audit;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** An appended audit entry with its place in the chain. */
public record AuditRecord(long seq, UUID id, Instant at, AuditEntry entry, String prevHash, String hash) {

  public JsonObject toJson() {
    return AuditChain.content(seq, id, at, entry)
        .put("prevHash", prevHash)
        .put("hash", hash);
  }
}
