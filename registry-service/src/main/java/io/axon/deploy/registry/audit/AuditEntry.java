package io.axon.deploy.registry.audit;

import io.axon.deploy.common.bus.Actor;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * A change of state to record: who did what to which resource, in which request, appended by which
 * service under which id (appending the same id again is a no-op). The subject is the resource's
 * path below {@code /api/v1}.
 */
public record AuditEntry(String entryId, String service, Actor actor, String action, String subject, String requestId,
    JsonObject details) {
  public AuditEntry {
    details = details == null ? new JsonObject() : details;
    requestId = requestId == null || requestId.isBlank() ? null : requestId;
  }

  /** A record the registry appends for its own change. */
  public static AuditEntry registry(Actor actor, String action, String subject, String requestId, JsonObject details) {
    return new AuditEntry(UUID.randomUUID().toString(), "registry", actor, action, subject, requestId, details);
  }
}
