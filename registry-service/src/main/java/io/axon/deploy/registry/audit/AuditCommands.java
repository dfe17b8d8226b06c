package io.axon.deploy.registry.audit;

import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.bus.Command;
import io.axon.deploy.common.bus.CommandDispatcher;
import io.axon.deploy.common.bus.RegistryCommands;
import io.axon.deploy.common.bus.Reply;
import io.axon.deploy.common.db.Changes;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.common.json.Fields;
import io.axon.deploy.common.paging.PageRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Appends other services' records, lists records by subject, tells the head and verifies the chain. */
public final class AuditCommands {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  private final Changes changes;
  private final AuditRepository audit;

  public AuditCommands(Changes changes, AuditRepository audit) {
    this.changes = changes;
    this.audit = audit;
  }

  public void register(CommandDispatcher dispatcher) {
    dispatcher
        .onChange(RegistryCommands.APPEND_AUDIT, this::append)
        .on(RegistryCommands.LIST_AUDIT, this::list)
        .on(RegistryCommands.AUDIT_HEAD, command -> audit.head().map(head -> Reply.ok(head.toJson())))
        .on(RegistryCommands.VERIFY_AUDIT, this::verify);
  }

  private Future<Reply> append(Command command) {
    JsonObject body = command.body();
    String id = body.getString("id");
    String service = body.getString("service");
    String action = body.getString("action");
    String subject = body.getString("subject");
    List<FieldError> errors = new ArrayList<>();
    if (id == null || id.isBlank() || id.length() > 200) {
      errors.add(new FieldError("/id", "a record needs the appending service's own id for it, 1 to 200 characters"));
    }
    if (service == null || !NAME.matcher(service).matches()) {
      errors.add(new FieldError("/service", "the name of the appending service, such as deployer"));
    }
    if (action == null || action.isBlank()) {
      errors.add(new FieldError("/action", "an action is required"));
    }
    if (subject == null || subject.isBlank()) {
      errors.add(new FieldError("/subject", "a subject is required"));
    }
    if (!errors.isEmpty()) {
      return Future.failedFuture(new Problem(io.axon.deploy.common.error.ProblemType.MALFORMED,
          "an audit record needs an id, a service, an action and a subject", errors).exception());
    }
    AuditEntry entry = new AuditEntry(service + ":" + id, service, command.requireActor(), action, subject,
        command.requestId(), body.getJsonObject("details"));
    return changes.run(command, tx -> audit.append(tx, entry).map(record -> Reply.created(record.toJson())));
  }

  private Future<Reply> list(Command command) {
    PageRequest page = PageRequest.fromJson(command.body());
    String subject = Fields.text(command.body(), "subject", "").replaceAll("^/+|/+$", "");
    long after;
    try {
      after = page.after().map(Long::parseLong).orElse(0L);
    } catch (NumberFormatException e) {
      return Future.failedFuture(Problem.at(ProblemType.MALFORMED, "/cursor", "the cursor is not one this API handed out"));
    }
    return audit.list(subject, after, page.limit() + 1)
        .map(records -> Reply.ok(page.page(records, AuditRecord::toJson, record -> Long.toString(record.seq()))));
  }

  private Future<Reply> verify(Command command) {
    String token = command.body().getString("head");
    Optional<AuditChain.Head> kept = Optional.ofNullable(token).map(AuditChain.Head::parse);
    if (token != null && kept.isEmpty()) {
      return Future.failedFuture(new Problem(io.axon.deploy.common.error.ProblemType.MALFORMED,
          "head is <seq>:<hash> as GET /api/v1/audit/head gives it",
          List.of(new FieldError("query/head", "expected <seq>:<hash>, such as 42:9f86d0…"))).exception());
    }
    return audit.verify(kept, Fields.flag(command.body(), "full")).map(Reply::ok);
  }
}
