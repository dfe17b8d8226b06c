package io.axon.deploy.registry.definition;

import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.common.json.CanonicalJson;
import io.axon.deploy.common.nodes.NodeTypeCatalog;
import io.axon.deploy.common.nodes.NodeTypeCatalog.NodeType;
import io.axon.deploy.common.semver.InvalidVersionException;
import io.axon.deploy.common.semver.VersionRange;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import io.axon.deploy.registry.definition.CycleFinder.Edge;

/**
 * Checks a workflow definition against DESIGN §2 and lists every problem it finds, each with the
 * JSON Pointer of the offending part, so that an author can fix them all in one go.
 */
public final class DefinitionValidator {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  private static final Set<String> FIELDS = Set.of("nodes", "connections", "config", "inputSchema", "outputSchema", "smokeTests");
  private static final int MAX_TITLE = 256;

  private final NodeTypeCatalog catalog;
  private final DefinitionLimits limits;
  private final Map<String, Validator> configValidators = new HashMap<>();

  public DefinitionValidator(NodeTypeCatalog catalog, DefinitionLimits limits) {
    this.catalog = catalog;
    this.limits = limits;
    JsonSchemaOptions options = new JsonSchemaOptions()
        .setDraft(Draft.DRAFT202012)
        .setBaseUri("https://axon.dev/node-types/")
        .setOutputFormat(OutputFormat.Basic);
    for (String name : catalog.names()) {
      NodeType type = catalog.find(name).orElseThrow();
      // a copy: JsonSchema.of annotates the object it is given, and the catalog is shared by every
      // verticle instance, which start side by side (two at once threw ConcurrentModificationException)
      configValidators.put(name, Validator.create(JsonSchema.of(type.configSchema().copy()), options));
    }
  }

  /** Every problem of {@code definition}; empty when it is valid. Paths start at {@code base}. */
  public List<FieldError> validate(JsonObject definition, String base) {
    Problems problems = new Problems(base);
    for (String field : definition.fieldNames()) {
      if (!FIELDS.contains(field)) {
        problems.add("/" + field, "unknown field; a definition has " + String.join(", ", FIELDS.stream().sorted().toList()));
      }
    }
    Map<String, Integer> nodeIndex = nodes(definition, problems);
    List<Edge> edges = connections(definition, nodeIndex, problems);
    new CycleFinder(nodeIndex.keySet(), edges).cycles().forEach(cycle ->
        problems.add("/connections", "connections form a cycle: " + String.join(" -> ", cycle)));
    objectField(definition, "config", problems);
    objectField(definition, "inputSchema", problems);
    objectField(definition, "outputSchema", problems);
    smokeTests(definition, problems);
    if (problems.isEmpty() && CanonicalJson.write(definition).length() > limits.maxCanonicalBytes()) {
      problems.add("", "a definition is at most " + limits.maxCanonicalBytes() + " bytes");
    }
    return problems.list();
  }

  private Map<String, Integer> nodes(JsonObject definition, Problems problems) {
    Map<String, Integer> index = new LinkedHashMap<>();
    Object value = definition.getValue("nodes");
    if (!(value instanceof JsonArray nodes)) {
      problems.add("/nodes", value == null ? "nodes are required" : "nodes must be an array");
      return index;
    }
    if (nodes.size() > limits.maxNodes()) {
      problems.add("/nodes", "a definition has at most " + limits.maxNodes() + " nodes, this one has " + nodes.size());
      return index;
    }
    int triggers = 0;
    for (int i = 0; i < nodes.size(); i++) {
      String path = "/nodes/" + i;
      if (!(nodes.getValue(i) instanceof JsonObject node)) {
        problems.add(path, "a node must be an object");
        continue;
      }
      String id = idField(node, path, problems);
      if (id != null) {
        Integer first = index.putIfAbsent(id, i);
        if (first != null) {
          problems.add(path + "/id", "duplicate node id '" + id + "' (first at /nodes/" + first + ")");
        }
      }
      if ("trigger".equals(node.getValue("type"))) {
        triggers++;
      }
      nodeType(node, path, problems);
      optionalString(node, "title", path, MAX_TITLE, problems);
      position(node, path, problems);
    }
    if (triggers != 1) {
      problems.add("/nodes", "a definition needs exactly one trigger node, this one has " + triggers);
    }
    return index;
  }

  private void nodeType(JsonObject node, String path, Problems problems) {
    if (!(node.getValue("type") instanceof String typeName)) {
      problems.add(path + "/type", "a node type (string) is required");
      return;
    }
    NodeType type = catalog.find(typeName).orElse(null);
    if (type == null) {
      problems.add(path + "/type", "unknown node type '" + typeName + "'; known types: " + String.join(", ", catalog.names()));
      return;
    }
    Object typeVersion = node.getValue("typeVersion");
    if (typeVersion != null) {
      typeVersion(type, typeVersion, path + "/typeVersion", problems);
    }
    Object config = node.getValue("config");
    if (config == null) {
      config = new JsonObject();
    }
    if (!(config instanceof JsonObject configObject)) {
      problems.add(path + "/config", "config must be an object");
    } else if (configObject.encode().length() > limits.maxConfigBytes()) {
      problems.add(path + "/config", "a node's config is at most " + limits.maxConfigBytes() + " bytes");
    } else {
      OutputUnit result = configValidators.get(typeName).validate(configObject);
      if (!result.getValid()) {
        for (OutputUnit error : result.getErrors()) {
          String at = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().replaceFirst("^#", "");
          problems.add(path + "/config" + at, typeName + " config: " + error.getError());
        }
      }
    }
  }

  private static void typeVersion(NodeType type, Object value, String path, Problems problems) {
    if (!(value instanceof String text)) {
      problems.add(path, "typeVersion must be a string");
      return;
    }
    try {
      if (type.resolve(VersionRange.parse(text)).isEmpty()) {
        problems.add(path, "no version of " + type.name() + " satisfies '" + text + "'; offered: "
            + String.join(", ", type.versions().stream().map(Object::toString).toList()));
      }
    } catch (InvalidVersionException e) {
      problems.add(path, e.getMessage());
    }
  }

  private List<Edge> connections(JsonObject definition, Map<String, Integer> nodeIndex, Problems problems) {
    List<Edge> edges = new ArrayList<>();
    Object value = definition.getValue("connections");
    if (value == null) {
      return edges;
    }
    if (!(value instanceof JsonArray connections)) {
      problems.add("/connections", "connections must be an array");
      return edges;
    }
    if (connections.size() > limits.maxConnections()) {
      problems.add("/connections", "a definition has at most " + limits.maxConnections() + " connections");
      return edges;
    }
    Map<String, Integer> ids = new HashMap<>();
    for (int i = 0; i < connections.size(); i++) {
      String path = "/connections/" + i;
      if (!(connections.getValue(i) instanceof JsonObject connection)) {
        problems.add(path, "a connection must be an object");
        continue;
      }
      String id = idField(connection, path, problems);
      if (id != null && ids.putIfAbsent(id, i) != null) {
        problems.add(path + "/id", "duplicate connection id '" + id + "' (first at /connections/" + ids.get(id) + ")");
      }
      String from = endpoint(connection, "from", path, nodeIndex, problems);
      String to = endpoint(connection, "to", path, nodeIndex, problems);
      optionalString(connection, "fromPort", path, 64, problems);
      optionalString(connection, "toPort", path, 64, problems);
      if (from != null && to != null) {
        edges.add(new Edge(from, to));
      }
    }
    return edges;
  }

  private static String endpoint(JsonObject connection, String field, String path, Map<String, Integer> nodes, Problems problems) {
    if (!(connection.getValue(field) instanceof String node)) {
      problems.add(path + "/" + field, "'" + field + "' must name a node");
      return null;
    }
    if (!nodes.containsKey(node)) {
      problems.add(path + "/" + field, "connection points to unknown node '" + node + "'");
      return null;
    }
    return node;
  }

  private static String idField(JsonObject object, String path, Problems problems) {
    Object id = object.getValue("id");
    if (!(id instanceof String text) || !ID.matcher(text).matches()) {
      problems.add(path + "/id", "an id of 1 to 128 letters, digits, '_', '-' or '.' is required");
      return null;
    }
    return text;
  }

  private static void optionalString(JsonObject object, String field, String path, int maxLength, Problems problems) {
    Object value = object.getValue(field);
    if (value != null && (!(value instanceof String text) || text.length() > maxLength)) {
      problems.add(path + "/" + field, field + " must be a string of at most " + maxLength + " characters");
    }
  }

  private static void position(JsonObject node, String path, Problems problems) {
    Object value = node.getValue("position");
    if (value == null) {
      return;
    }
    if (!(value instanceof JsonObject position)
        || !(position.getValue("x") instanceof Number) || !(position.getValue("y") instanceof Number)) {
      problems.add(path + "/position", "position must be {\"x\": number, \"y\": number}");
    }
  }

  private static void objectField(JsonObject definition, String field, Problems problems) {
    Object value = definition.getValue(field);
    if (value != null && !(value instanceof JsonObject)) {
      problems.add("/" + field, field + " must be an object");
    }
  }

  private static void smokeTests(JsonObject definition, Problems problems) {
    Object value = definition.getValue("smokeTests");
    if (value == null) {
      return;
    }
    if (!(value instanceof JsonArray tests)) {
      problems.add("/smokeTests", "smokeTests must be an array");
      return;
    }
    for (int i = 0; i < tests.size(); i++) {
      String path = "/smokeTests/" + i;
      if (!(tests.getValue(i) instanceof JsonObject test) || !(test.getValue("name") instanceof String)) {
        problems.add(path, "a smoke test is {\"name\": string, \"input\": object, \"expect\": object}");
        continue;
      }
      objectField(test, "input", new Problems(problems, path));
      objectField(test, "expect", new Problems(problems, path));
    }
  }

  /** Collects problems under a base path. */
  private static final class Problems {
    private final String base;
    private final List<FieldError> list;

    Problems(String base) {
      this.base = base;
      this.list = new ArrayList<>();
    }

    Problems(Problems parent, String path) {
      this.base = parent.base + path;
      this.list = parent.list;
    }

    void add(String path, String message) {
      list.add(new FieldError(base + path, message));
    }

    boolean isEmpty() {
      return list.isEmpty();
    }

    List<FieldError> list() {
      return list;
    }
  }
}
