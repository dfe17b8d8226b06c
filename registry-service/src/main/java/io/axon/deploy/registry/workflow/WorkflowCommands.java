package io.axon.deploy.registry.workflow;

import io.axon.deploy.common.bus.Command;
import io.axon.deploy.common.bus.CommandDispatcher;
import io.axon.deploy.common.bus.RegistryCommands;
import io.axon.deploy.common.bus.Reply;
import io.axon.deploy.common.db.Changes;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.common.json.Fields;
import io.axon.deploy.common.events.CloudEvent;
import io.axon.deploy.common.events.Outbox;
import io.axon.deploy.common.paging.PageRequest;
import io.axon.deploy.common.registry.RegistryEvents;
import io.axon.deploy.common.registry.WorkflowEvent;
import io.axon.deploy.registry.audit.AuditEntry;
import io.axon.deploy.registry.audit.AuditRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Creates, reads and lists workflows. */
public final class WorkflowCommands {
  /** Lowercase, digits and dashes: a key appears in URLs and in audit subjects. */
  public static final Pattern KEY = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");

  private final Changes changes;
  private final WorkflowRepository workflows;
  private final AuditRepository audit;
  private final Outbox outbox;

  public WorkflowCommands(Changes changes, WorkflowRepository workflows, AuditRepository audit, Outbox outbox) {
    this.changes = changes;
    this.workflows = workflows;
    this.audit = audit;
    this.outbox = outbox;
  }

  public void register(CommandDispatcher dispatcher) {
    dispatcher
        .onChange(RegistryCommands.CREATE_WORKFLOW, this::create)
        .on(RegistryCommands.CHECK_WORKFLOW, WorkflowCommands::check)
        .on(RegistryCommands.GET_WORKFLOW, this::get)
        .on(RegistryCommands.LIST_WORKFLOWS, this::list);
  }

  private Future<Reply> create(Command command) {
    JsonObject body = command.body();
    String key = body.getString("key");
    String name = body.getString("name");
    String description = Fields.text(body, "description", "");
    List<FieldError> errors = problems(body, true);
    if (!errors.isEmpty()) {
      return Future.failedFuture(Problem.unprocessable("the workflow has " + errors.size() + " problem(s)", errors));
    }
    String actor = command.requireActor().user();
    return changes.run(command, tx -> workflows.insert(tx, key, name, description, actor)
        .compose(workflow -> audit.append(tx, AuditEntry.registry(command.requireActor(), "workflow.created",
                workflow.subject(), command.requestId(), new JsonObject().put("name", name)))
            .compose(recorded -> outbox.append(tx, CloudEvent.of(RegistryEvents.SERVICE, RegistryEvents.WORKFLOW_CREATED,
                workflow.subject(), new WorkflowEvent(key, name, actor).toJson())))
            .map(v -> Reply.created(workflow.toJson()))));
  }

  private static Future<Reply> check(Command command) {
    List<FieldError> errors = problems(command.body(), false);
    return Future.succeededFuture(Reply.ok(new JsonObject().put("errors", new JsonArray(errors.stream().map(FieldError::toJson).toList()))));
  }

  /** The rules a new workflow breaks; with {@code complete}, a missing key or name is one of them. */
  private static List<FieldError> problems(JsonObject body, boolean complete) {
    List<FieldError> errors = new ArrayList<>();
    Object key = body.getValue("key");
    Object name = body.getValue("name");
    Object description = body.getValue("description");
    if ((key != null || complete) && !(key instanceof String text && KEY.matcher(text).matches())) {
      errors.add(new FieldError("/key", "a key is 1 to 64 lowercase letters, digits and inner dashes, such as order-sync"));
    }
    if ((name != null || complete) && !(name instanceof String text && !text.isBlank() && text.length() <= 200)) {
      errors.add(new FieldError("/name", "a name of 1 to 200 characters is required"));
    }
    if (description != null && !(description instanceof String text && text.length() <= 10_000)) {
      errors.add(new FieldError("/description", "a description is text of at most 10000 characters"));
    }
    return errors;
  }

  private Future<Reply> get(Command command) {
    String key = command.body().getString("workflow");
    return workflows.find(key)
        .map(found -> Reply.ok(found.orElseThrow(() -> WorkflowRepository.notFound(key)).toJson()));
  }

  private Future<Reply> list(Command command) {
    PageRequest page = PageRequest.fromJson(command.body());
    return workflows.list(page.after(), page.limit() + 1)
        .map(found -> Reply.ok(page.page(found, Workflow::toJson, Workflow::key)));
  }
}
