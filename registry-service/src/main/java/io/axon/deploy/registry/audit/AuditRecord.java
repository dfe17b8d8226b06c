package io.axon.deploy.registry.audit;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** An appended audit entry with its place in the chain. */
public record AuditRecord(long seq, UUID id, Instant at, AuditEntry entry, String prevHash, String hash) {

  public JsonObject toJson() {
    return AuditChain.content(this, true)
        .put("prevHash", prevHash)
        .put("hash", hash);
  }
}
