package io.axon.deploy.gateway.http;

import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.gateway.http.Operations.Operation;
import io.axon.deploy.gateway.http.Operations.Parameter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a field of a command came from in the HTTP request, so that a service's error paths (JSON
 * Pointers into the command) name what the caller sent: a query parameter ({@code /range} becomes
 * {@code query/range}), a path parameter ({@code /workflow} becomes {@code path/key}), a header
 * ({@code /ifMatch} becomes {@code header/If-Match}), or the body, also when a route sends the body
 * as one field of the command ({@code /definition/nodes/0} becomes {@code /nodes/0}).
 */
public final class CommandLocations {
  private static final Map<String, String> BODY_FIELDS = new ConcurrentHashMap<>();
  /** Command fields named after a path parameter of another name. */
  private static final Map<String, String> PATH_FIELDS = Map.of("workflow", "key", "version", "version", "environment", "env");

  private CommandLocations() {
  }

  /** {@code operationId} sends its body to the service as the command field {@code field}. */
  public static void bodyAsField(String operationId, String field) {
    BODY_FIELDS.put(operationId, field);
  }

  public static Optional<String> bodyField(String operationId) {
    return Optional.ofNullable(BODY_FIELDS.get(operationId));
  }

  /** {@code problem} with its error paths turned into request locations for {@code operation}. */
  public static Problem locate(Problem problem, Operation operation) {
    if (operation == null || problem.errors().isEmpty()) {
      return problem;
    }
    List<FieldError> located = problem.errors().stream()
        .map(error -> new FieldError(locate(error.path(), operation), error.message())).toList();
    return new Problem(problem.type(), problem.detail(), located);
  }

  private static String locate(String path, Operation operation) {
    if (path == null || !path.startsWith("/")) {
      return path;
    }
    String field = path.substring(1).split("/", 2)[0];
    String rest = path.substring(1 + field.length());
    String bodyField = BODY_FIELDS.get(operation.id());
    if (field.equals(bodyField)) {
      return rest;
    }
    for (Parameter parameter : operation.parameters()) {
      boolean named = parameter.in().equals("path")
          ? parameter.name().equals(PATH_FIELDS.getOrDefault(field, field))
          : parameter.name().equals(field) || (parameter.in().equals("header") && field.equals("ifMatch")
              && parameter.name().equalsIgnoreCase("If-Match"));
      if (named && (bodyField != null || !operation.body().isPresent() || !parameter.in().equals("path") || !bodyHas(operation, field))) {
        return parameter.location() + rest;
      }
    }
    return path;
  }

  private static boolean bodyHas(Operation operation, String field) {
    return operation.body().map(schema -> schema.getJsonObject("properties", new io.vertx.core.json.JsonObject()).containsKey(field))
        .orElse(false);
  }
}
