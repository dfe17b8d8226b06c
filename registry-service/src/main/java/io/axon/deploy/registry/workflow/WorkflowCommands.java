package io.axon.deploy.registry.workflow;

import io.axon.deploy.common.bus.Command;
import io.axon.deploy.common.bus.CommandDispatcher;
import io.axon.deploy.common.bus.RegistryCommands;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.common.json.Fields;
import io.axon.deploy.common.paging.PageRequest;
import io.axon.deploy.registry.audit.AuditEntry;
import io.axon.deploy.registry.audit.AuditRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Creates, reads and lists workflows. */
public final class WorkflowCommands {
  /** Lowercase, digits and dashes: a key appears in URLs and in audit subjects. */
  public static final Pattern KEY = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");

  private final Pool pool;
  private final WorkflowRepository workflows;
  private final AuditRepository audit;

  public WorkflowCommands(Pool pool, WorkflowRepository workflows, AuditRepository audit) {
    this.pool = pool;
    this.workflows = workflows;
    this.audit = audit;
  }

  public void register(CommandDispatcher dispatcher) {
    dispatcher
        .onChange(RegistryCommands.CREATE_WORKFLOW, this::create)
        .on(RegistryCommands.CHECK_WORKFLOW, WorkflowCommands::check)
        .on(RegistryCommands.GET_WORKFLOW, this::get)
        .on(RegistryCommands.LIST_WORKFLOWS, this::list);
  }

  private Future<JsonObject> create(Command command) {
    JsonObject body = command.body();
    String key = body.getString("key");
    String name = body.getString("name");
    String description = Fields.text(body, "description", "");
    List<FieldError> errors = problems(body, true);
    if (!errors.isEmpty()) {
      return Future.failedFuture(Problem.unprocessable("the workflow has " + errors.size() + " problem(s)", errors));
    }
    return pool.withTransaction(tx -> workflows.insert(tx, key, name, description, command.actor())
            .compose(workflow -> audit.append(tx, new AuditEntry(command.actor(), "workflow.created",
                    workflow.subject(), command.requestId(), new JsonObject().put("name", name)))
                .map(workflow)))
        .map(Workflow::toJson);
  }

  private static Future<JsonObject> check(Command command) {
    List<FieldError> errors = problems(command.body(), false);
    return Future.succeededFuture(new JsonObject().put("errors", new JsonArray(errors.stream().map(FieldError::toJson).toList())));
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

  private Future<JsonObject> get(Command command) {
    String key = command.body().getString("workflow");
    return workflows.find(key)
        .map(found -> found.orElseThrow(() -> WorkflowRepository.notFound(key)).toJson());
  }

  private Future<JsonObject> list(Command command) {
    PageRequest page = PageRequest.fromJson(command.body());
    return workflows.list(page.after(), page.limit() + 1)
        .map(found -> page.page(found, Workflow::toJson, Workflow::key));
  }
}
