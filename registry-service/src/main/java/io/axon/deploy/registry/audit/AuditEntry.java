package io.axon.deploy.registry.audit;

import io.vertx.core.json.JsonObject;

/**
 * A change of state to record: who did what to which resource, in which request. The subject is
 * the resource's path below {@code /api/v1}.
 */
public record AuditEntry(String actor, String action, String subject, String requestId, JsonObject details) {
  public AuditEntry {
    details = details == null ? new JsonObject() : details;
    requestId = requestId == null || requestId.isBlank() ? null : requestId;
  }
}
