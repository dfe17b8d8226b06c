package io.axon.deploy.gateway.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operations of the OpenAPI document as the gateway needs them to explain a refusal: which
 * methods a path allows, what each answers with, its parameters and body schema with every local
 * {@code $ref} resolved.
 */
public final class Operations {
  private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");

  /** One parameter: where it goes ({@code query}, {@code path}, {@code header}), its name and schema. */
  public record Parameter(String in, String name, boolean required, JsonObject schema) {
    public String location() {
      return in + "/" + name;
    }
  }

  public record Operation(String id, HttpMethod method, String template, Pattern path, List<Parameter> parameters,
      Optional<JsonObject> body, boolean bodyRequired, Set<String> produces) {
  }

  private final List<Operation> operations;
  private final JsonObject document;

  public Operations(JsonObject document) {
    this.document = document;
    this.operations = read(document);
  }

  public List<Operation> all() {
    return operations;
  }

  /** The operations whose path template matches {@code path}, whatever their method. */
  public List<Operation> at(String path) {
    return operations.stream().filter(op -> op.path().matcher(path).matches()).toList();
  }

  public Optional<Operation> byId(String id) {
    return operations.stream().filter(op -> op.id().equals(id)).findFirst();
  }

  /** {@code schema} with its {@code $ref} (and those of everything inside it) replaced by what they name. */
  public JsonObject resolve(JsonObject schema) {
    return (JsonObject) inline(schema, 0);
  }

  private Object inline(Object value, int depth) {
    if (depth > 32) {
      return new JsonObject(); // our schemas do not recurse; a cycle here would be a mistake in the document
    }
    if (value instanceof JsonObject object) {
      if (object.getValue("$ref") instanceof String ref && ref.startsWith("#/")) {
        return inline(pointer(ref.substring(1)), depth + 1);
      }
      JsonObject copy = new JsonObject();
      object.forEach(entry -> copy.put(entry.getKey(), inline(entry.getValue(), depth + 1)));
      return copy;
    }
    if (value instanceof JsonArray array) {
      JsonArray copy = new JsonArray();
      array.forEach(item -> copy.add(inline(item, depth + 1)));
      return copy;
    }
    return value;
  }

  private Object pointer(String pointer) {
    Object at = document;
    for (String segment : pointer.substring(1).split("/")) {
      String name = segment.replace("~1", "/").replace("~0", "~");
      at = at instanceof JsonObject object ? object.getValue(name) : null;
    }
    return at == null ? new JsonObject() : at;
  }

  private List<Operation> read(JsonObject document) {
    List<Operation> result = new ArrayList<>();
    JsonObject paths = document.getJsonObject("paths", new JsonObject());
    for (String template : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(template);
      List<Object> shared = item.getJsonArray("parameters", new JsonArray()).getList();
      for (String method : METHODS) {
        if (!(item.getValue(method) instanceof JsonObject operation)) {
          continue;
        }
        List<Parameter> parameters = new ArrayList<>();
        List<Object> declared = new ArrayList<>(shared);
        declared.addAll(operation.getJsonArray("parameters", new JsonArray()).getList());
        for (Object raw : declared) {
          JsonObject parameter = resolve(raw instanceof JsonObject json ? json : new JsonObject((java.util.Map<String, Object>) raw));
          parameters.add(new Parameter(parameter.getString("in"), parameter.getString("name"),
              parameter.getBoolean("required", false), parameter.getJsonObject("schema", new JsonObject())));
        }
        JsonObject requestBody = operation.getValue("requestBody") == null ? null : resolve(operation.getJsonObject("requestBody"));
        Optional<JsonObject> body = Optional.ofNullable(requestBody)
            .map(b -> b.getJsonObject("content", new JsonObject()).getJsonObject("application/json"))
            .map(media -> media.getJsonObject("schema", new JsonObject()));
        result.add(new Operation(operation.getString("operationId"), HttpMethod.valueOf(method.toUpperCase(java.util.Locale.ROOT)),
            template, pattern(template), List.copyOf(parameters), body,
            requestBody != null && requestBody.getBoolean("required", false), produces(operation)));
      }
    }
    return List.copyOf(result);
  }

  private Set<String> produces(JsonObject operation) {
    Set<String> types = new LinkedHashSet<>();
    JsonObject responses = operation.getJsonObject("responses", new JsonObject());
    for (String status : responses.fieldNames()) {
      if (status.startsWith("2")) {
        JsonObject response = resolve(responses.getJsonObject(status));
        types.addAll(response.getJsonObject("content", new JsonObject()).fieldNames());
      }
    }
    return types;
  }

  private static Pattern pattern(String template) {
    StringBuilder regex = new StringBuilder();
    Matcher names = Pattern.compile("\\{[^}/]+}").matcher(template);
    int last = 0;
    while (names.find()) {
      regex.append(Pattern.quote(template.substring(last, names.start()))).append("[^/]+");
      last = names.end();
    }
    regex.append(Pattern.quote(template.substring(last)));
    return Pattern.compile(regex.toString());
  }
}
