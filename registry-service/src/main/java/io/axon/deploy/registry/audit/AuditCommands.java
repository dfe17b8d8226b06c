package io.axon.deploy.registry.audit;

import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.bus.Command;
import io.axon.deploy.common.bus.CommandDispatcher;
import io.axon.deploy.common.bus.RegistryCommands;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.json.Fields;
import io.axon.deploy.common.paging.PageRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

/** Appends other services' records, lists records by subject and verifies the chain. */
public final class AuditCommands {
  private final Pool pool;
  private final AuditRepository audit;

  public AuditCommands(Pool pool, AuditRepository audit) {
    this.pool = pool;
    this.audit = audit;
  }

  public void register(CommandDispatcher dispatcher) {
    dispatcher
        .onChange(RegistryCommands.APPEND_AUDIT, this::append)
        .on(RegistryCommands.LIST_AUDIT, this::list)
        .on(RegistryCommands.VERIFY_AUDIT, command -> audit.verify());
  }

  private Future<JsonObject> append(Command command) {
    JsonObject body = command.body();
    String action = body.getString("action");
    String subject = body.getString("subject");
    if (action == null || action.isBlank() || subject == null || subject.isBlank()) {
      return Future.failedFuture(Problem.malformed("an audit record needs an action and a subject"));
    }
    AuditEntry entry = new AuditEntry(command.actor(), action, subject,
        command.requestId(), body.getJsonObject("details"));
    return pool.withTransaction(tx -> audit.append(tx, entry)).map(AuditRecord::toJson);
  }

  private Future<JsonObject> list(Command command) {
    PageRequest page = PageRequest.fromJson(command.body());
    String subject = Fields.text(command.body(), "subject", "").replaceAll("^/+|/+$", "");
    long after;
    try {
      after = page.after().map(Long::parseLong).orElse(0L);
    } catch (NumberFormatException e) {
      return Future.failedFuture(Problem.at(ProblemType.MALFORMED, "/cursor", "the cursor is not one this API handed out"));
    }
    return audit.list(subject, after, page.limit() + 1)
        .map(records -> page.page(records, AuditRecord::toJson, record -> Long.toString(record.seq())));
  }
}
