package io.axon.deploy.gateway.http;

import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.json.StorableJson;
import io.axon.deploy.gateway.auth.Principal;
import io.axon.deploy.gateway.http.Operations.Operation;
import io.axon.deploy.gateway.http.Operations.Parameter;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Explains a request the contract refused, in full: every parameter and body problem in plain words
 * at its location ({@code query/to}, {@code path/key}, {@code header/If-Match}, or a JSON Pointer
 * into the body), and, for a body that parsed, the rules its well-formed fields break, which the
 * owning service checks without changing anything.
 */
public final class Diagnosis {
  /** A service command that reports the rules a body breaks: {@code {errors: [{path, message}]}}. */
  public record RuleCheck(String address, String action) {
  }

  private final BusClient bus;
  private final Map<String, RuleCheck> rules = new HashMap<>();

  public Diagnosis(BusClient bus) {
    this.bus = bus;
  }

  /** Asks {@code check} for the rule problems of {@code operationId}'s bodies. */
  public Diagnosis ruleCheck(String operationId, String address, String action) {
    rules.put(operationId, new RuleCheck(address, action));
    return this;
  }

  public Future<Problem> explain(RoutingContext ctx, Operation operation) {
    List<FieldError> errors = new ArrayList<>();
    for (Parameter parameter : operation.parameters()) {
      errors.addAll(parameter(ctx, parameter));
    }
    Object body = null;
    boolean parsed = false;
    if (operation.body().isPresent()) {
      Buffer raw = ctx.body() == null ? null : ctx.body().buffer();
      if (raw == null || raw.length() == 0) {
        if (operation.bodyRequired()) {
          errors.add(new FieldError("", "a JSON body is required"));
        }
      } else {
        try {
          body = Json.decodeValue(raw);
          parsed = true;
        } catch (DecodeException e) {
          errors.add(new FieldError("", "the body is not valid JSON" + where(e)));
        }
      }
      if (parsed) {
        List<FieldError> shape = new ArrayList<>(StorableJson.problems(body));
        shape.addAll(ShapeCheck.errors(operation.body().get(), body, ""));
        errors.addAll(shape);
        RuleCheck rule = rules.get(operation.id());
        if (rule != null && body instanceof JsonObject object) {
          return rules(ctx, rule, operation, object, shape).map(broken -> {
            errors.addAll(broken);
            return problem(errors);
          });
        }
      }
    }
    return Future.succeededFuture(problem(errors));
  }

  private static Problem problem(List<FieldError> errors) {
    List<FieldError> distinct = errors.stream().distinct().toList();
    return new Problem(ProblemType.MALFORMED, distinct.size() == 1
        ? "the request has a problem: " + (distinct.get(0).path().isEmpty() ? "" : distinct.get(0).path() + " ") + distinct.get(0).message()
        : "the request has " + distinct.size() + " problems; each is listed in errors", distinct);
  }

  /** The rules the body's well-formed top-level fields break, as the service judges them. */
  private Future<List<FieldError>> rules(RoutingContext ctx, RuleCheck rule, Operation operation, JsonObject body,
      List<FieldError> shape) {
    Set<String> malformed = new LinkedHashSet<>();
    shape.forEach(error -> malformed.add(top(error.path())));
    if (malformed.contains("")) {
      return Future.succeededFuture(List.of()); // the body as a whole is malformed: no field to judge
    }
    JsonObject wellFormed = body.copy();
    malformed.forEach(wellFormed::remove);
    String prefix = CommandLocations.bodyField(operation.id()).map(field -> "/" + field).orElse("");
    JsonObject command = prefix.isEmpty() ? wellFormed : new JsonObject().put(prefix.substring(1), wellFormed);
    Principal principal = ctx.get(Principal.CONTEXT_KEY);
    return bus.request(rule.address(), rule.action(), command, RequestLog.id(ctx), principal == null ? null : principal.actor(),
            java.util.Optional.empty(), BusRoute.bodyBytes(ctx))
        .map(reply -> {
          List<FieldError> broken = new ArrayList<>();
          for (Object item : reply.json().getJsonArray("errors", new JsonArray())) {
            JsonObject error = (JsonObject) item;
            String path = error.getString("path", "");
            if (!path.startsWith(prefix)) {
              continue;
            }
            path = path.substring(prefix.length());
            if (!malformed.contains(top(path))) {
              broken.add(new FieldError(path, error.getString("message")));
            }
          }
          return (List<FieldError>) broken;
        })
        .otherwise(List.of()); // the shape problems stand on their own when the service cannot judge
  }

  private static String top(String pointer) {
    if (pointer.isEmpty()) {
      return "";
    }
    int end = pointer.indexOf('/', 1);
    return (end < 0 ? pointer.substring(1) : pointer.substring(1, end)).replace("~1", "/").replace("~0", "~");
  }

  private static List<FieldError> parameter(RoutingContext ctx, Parameter parameter) {
    String raw = switch (parameter.in()) {
      case "query" -> ctx.queryParam(parameter.name()).isEmpty() ? null : ctx.queryParam(parameter.name()).get(0);
      case "path" -> ctx.pathParam(parameter.name());
      case "header" -> ctx.request().getHeader(parameter.name());
      default -> null;
    };
    if (raw == null) {
      return parameter.required() ? List.of(new FieldError(parameter.location(), "is required")) : List.of();
    }
    List<FieldError> errors = new ArrayList<>();
    StorableJson.problems(raw).forEach(e -> errors.add(new FieldError(parameter.location(), e.message())));
    Object value = raw;
    String type = parameter.schema().getString("type", "string");
    try {
      value = switch (type) {
        case "integer" -> new BigInteger(raw.trim());
        case "number" -> new BigDecimal(raw.trim());
        case "boolean" -> switch (raw.trim()) {
          case "true" -> Boolean.TRUE;
          case "false" -> Boolean.FALSE;
          default -> throw new NumberFormatException();
        };
        default -> raw;
      };
    } catch (NumberFormatException e) {
      errors.add(new FieldError(parameter.location(), switch (type) {
        case "integer" -> "must be a whole number, not '" + raw + "'";
        case "boolean" -> "must be true or false, not '" + raw + "'";
        default -> "must be a number, not '" + raw + "'";
      }));
      return errors;
    }
    errors.addAll(ShapeCheck.errors(parameter.schema(), value, parameter.location()));
    return errors;
  }

  private static String where(DecodeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof com.fasterxml.jackson.core.JsonProcessingException json && json.getLocation() != null) {
        return " (line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr() + ")";
      }
    }
    return "";
  }
}
