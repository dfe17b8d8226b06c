package io.axon.deploy.deployer;

import io.axon.deploy.common.bus.Addresses;
import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.bus.Command;
import io.axon.deploy.common.bus.RegistryCommands;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The deployer's records in the audit trail, which the registry keeps: each under an id of the
 * deployer's own, so that appending it again (a retried change) finds the first record.
 */
public final class AuditTrail {
  private final BusClient bus;

  public AuditTrail(BusClient bus) {
    this.bus = bus;
  }

  /** Appends the record of {@code command}'s change of {@code subject}; the change fails when this does. */
  public Future<Void> append(Command command, String id, String action, String subject, JsonObject details) {
    JsonObject record = new JsonObject().put("id", id).put("service", "deployer").put("action", action)
        .put("subject", subject).put("details", details);
    return bus.request(Addresses.REGISTRY, RegistryCommands.APPEND_AUDIT, record, command.requestId(),
        command.requireActor()).mapEmpty();
  }
}
