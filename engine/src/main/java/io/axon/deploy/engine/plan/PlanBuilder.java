package io.axon.deploy.engine.plan;

import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.common.nodes.NodeTypeCatalog;
import io.axon.deploy.common.semver.InvalidVersionException;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.common.semver.VersionRange;
import io.axon.deploy.engine.run.Expression;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.Validator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a definition into a {@link WorkflowPlan}, or refuses it with every problem that would stop
 * it from running: nodes, types and versions the catalog offers, connections between existing
 * nodes, condition ports, one trigger, no cycle, a sane timeout. Pure and CPU-bound: callers run it
 * on a worker for large definitions.
 */
public final class PlanBuilder {
  private static final long MAX_TIMEOUT_MS = 3_600_000;
  private final NodeTypeCatalog catalog;
  private final List<FieldError> problems = new ArrayList<>();
  private final Map<String, Node> nodes = new LinkedHashMap<>();

  private PlanBuilder(NodeTypeCatalog catalog) {
    this.catalog = catalog;
  }

  public static WorkflowPlan build(JsonObject definition, NodeTypeCatalog catalog) {
    return new PlanBuilder(catalog).plan(definition);
  }

  private WorkflowPlan plan(JsonObject definition) {
    JsonArray nodeList = array(definition, "nodes");
    for (int i = 0; i < nodeList.size(); i++) {
      node(nodeList.getValue(i), "/nodes/" + i);
    }
    List<Edge> edges = new ArrayList<>();
    JsonArray connections = definition.getValue("connections") == null ? new JsonArray() : array(definition, "connections");
    for (int i = 0; i < connections.size(); i++) {
      edge(connections.getValue(i), "/connections/" + i).ifPresent(edges::add);
    }
    List<String> triggers = nodes.values().stream().filter(n -> n.type().equals("trigger")).map(Node::id).toList();
    if (triggers.size() != 1) {
      problems.add(new FieldError("/nodes", "a workflow has exactly one trigger node, this one has " + triggers.size()));
    }
    long timeout = timeout(definition);
    Optional<Validator> inputSchema = inputSchema(definition);
    Map<String, List<Edge>> outgoing = group(edges, true);
    Map<String, List<Edge>> incoming = group(edges, false);
    if (problems.isEmpty()) {
      new CycleCheck(nodes.keySet(), outgoing).cycle().ifPresent(cycle ->
          problems.add(new FieldError("/connections", "connections form a cycle: " + String.join(" -> ", cycle))));
      if (!incoming.getOrDefault(triggers.get(0), List.of()).isEmpty()) {
        problems.add(new FieldError("/connections", "nothing may lead into the trigger " + triggers.get(0)));
      }
    }
    if (!problems.isEmpty()) {
      throw new DefinitionException(problems);
    }
    List<String> leaves = nodes.keySet().stream().filter(id -> !outgoing.containsKey(id)).toList();
    return new WorkflowPlan(Map.copyOf(nodes), outgoing, incoming, triggers.get(0), leaves, timeout, inputSchema);
  }

  private JsonArray array(JsonObject definition, String field) {
    if (definition.getValue(field) instanceof JsonArray array) {
      return array;
    }
    problems.add(new FieldError("/" + field, field + " must be an array"));
    return new JsonArray();
  }

  private void node(Object value, String path) {
    if (!(value instanceof JsonObject node)) {
      problems.add(new FieldError(path, "a node must be an object"));
      return;
    }
    String id = text(node, "id", path);
    String type = text(node, "type", path);
    if (id == null || type == null) {
      return;
    }
    if (nodes.containsKey(id)) {
      problems.add(new FieldError(path + "/id", "node id " + id + " is used twice"));
    }
    Object config = node.getValue("config", new JsonObject());
    if (!(config instanceof JsonObject)) {
      problems.add(new FieldError(path + "/config", "config must be an object"));
      return;
    }
    Optional<String> version = typeVersion(type, node.getValue("typeVersion"), path);
    Expression condition = type.equals("condition") ? condition((JsonObject) config, path) : null;
    version.ifPresent(v -> nodes.put(id, new Node(id, type, v, (JsonObject) config, condition)));
  }

  private Optional<String> typeVersion(String type, Object wanted, String path) {
    Optional<NodeTypeCatalog.NodeType> known = catalog.find(type);
    if (known.isEmpty()) {
      problems.add(new FieldError(path + "/type", "this engine offers no node type " + type + "; it offers "
          + String.join(", ", catalog.names())));
      return Optional.empty();
    }
    if (wanted != null && !(wanted instanceof String)) {
      problems.add(new FieldError(path + "/typeVersion", "typeVersion must be a string such as 1.0.0 or ^1.0.0"));
      return Optional.empty();
    }
    try {
      VersionRange range = VersionRange.parse(wanted == null ? "*" : (String) wanted);
      Optional<SemanticVersion> resolved = known.get().resolve(range);
      if (resolved.isEmpty()) {
        problems.add(new FieldError(path + "/typeVersion", "this engine offers " + type + " at "
            + known.get().versions() + ", none of which satisfies " + wanted));
      }
      return resolved.map(SemanticVersion::toString);
    } catch (InvalidVersionException e) {
      problems.add(new FieldError(path + "/typeVersion", e.getMessage()));
      return Optional.empty();
    }
  }

  private Expression condition(JsonObject config, String path) {
    try {
      return Expression.compile(config.getValue("expression") instanceof String s ? s : null);
    } catch (Expression.ExpressionException e) {
      problems.add(new FieldError(path + "/config/expression", e.getMessage()));
      return null;
    }
  }

  private Optional<Edge> edge(Object value, String path) {
    if (!(value instanceof JsonObject connection)) {
      problems.add(new FieldError(path, "a connection must be an object"));
      return Optional.empty();
    }
    String from = text(connection, "from", path);
    String to = text(connection, "to", path);
    Object port = connection.getValue("fromPort", Edge.MAIN);
    for (String end : new String[] {from, to}) {
      if (end != null && !nodes.containsKey(end)) {
        problems.add(new FieldError(path + (end.equals(from) ? "/from" : "/to"), "no node has the id " + end));
        return Optional.empty();
      }
    }
    if (from == null || to == null || !(port instanceof String)) {
      return Optional.empty();
    }
    if (nodes.get(from).type().equals("condition") && !port.equals("true") && !port.equals("false")) {
      problems.add(new FieldError(path + "/fromPort", "a connection from the condition " + from
          + " leaves from its port true or false, not " + port));
    }
    return Optional.of(new Edge(from, to, (String) port));
  }

  private String text(JsonObject object, String field, String path) {
    if (object.getValue(field) instanceof String s && !s.isEmpty()) {
      return s;
    }
    problems.add(new FieldError(path + "/" + field, field + " must be a non-empty string"));
    return null;
  }

  private long timeout(JsonObject definition) {
    Object config = definition.getValue("config");
    Object value = config instanceof JsonObject c ? c.getValue("timeoutMs") : null;
    if (value == null) {
      return WorkflowPlan.DEFAULT_TIMEOUT_MS;
    }
    if (value instanceof Number n && n.doubleValue() == n.longValue() && n.longValue() >= 1 && n.longValue() <= MAX_TIMEOUT_MS) {
      return n.longValue();
    }
    problems.add(new FieldError("/config/timeoutMs", "timeoutMs must be a whole number of milliseconds from 1 to " + MAX_TIMEOUT_MS));
    return WorkflowPlan.DEFAULT_TIMEOUT_MS;
  }

  private Optional<Validator> inputSchema(JsonObject definition) {
    Object schema = definition.getValue("inputSchema");
    if (schema == null) {
      return Optional.empty();
    }
    if (!(schema instanceof JsonObject json)) {
      problems.add(new FieldError("/inputSchema", "inputSchema must be a JSON Schema object"));
      return Optional.empty();
    }
    try {
      return Optional.of(Validator.create(JsonSchema.of(json), new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
          .setBaseUri("https://axon.dev/workflows/").setOutputFormat(OutputFormat.Basic)));
    } catch (RuntimeException e) {
      problems.add(new FieldError("/inputSchema", "inputSchema is not a usable JSON Schema: " + e.getMessage()));
      return Optional.empty();
    }
  }

  private static Map<String, List<Edge>> group(List<Edge> edges, boolean bySource) {
    Map<String, List<Edge>> grouped = new HashMap<>();
    for (Edge edge : edges) {
      grouped.computeIfAbsent(bySource ? edge.from() : edge.to(), k -> new ArrayList<>()).add(edge);
    }
    return grouped;
  }
}
