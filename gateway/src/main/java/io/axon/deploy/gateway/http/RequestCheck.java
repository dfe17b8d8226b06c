package io.axon.deploy.gateway.http;

import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.gateway.http.Operations.Operation;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What can be refused from the request line and headers alone, before the body is read: a method
 * the path does not allow (405 with {@code Allow}), an {@code Accept} the operation cannot answer
 * (406) and a body that is not JSON (415). It also notes the operation for later explanations.
 */
public final class RequestCheck implements SecurityPolicyHandler {
  private static final String KEY = "axon.operation";
  private final Operations operations;

  public RequestCheck(Operations operations) {
    this.operations = operations;
  }

  /** The operation the request was matched to, if any. */
  public static Operation operation(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  @Override
  public void handle(RoutingContext ctx) {
    List<Operation> atPath = operations.at(ctx.normalizedPath());
    if (atPath.isEmpty()) {
      ctx.next(); // the router answers 404
      return;
    }
    Operation operation = atPath.stream().filter(op -> op.method().equals(ctx.request().method())).findFirst().orElse(null);
    if (operation == null) {
      String allow = atPath.stream().map(op -> op.method().name()).distinct().sorted().collect(Collectors.joining(", "));
      ctx.response().putHeader("Allow", allow);
      ctx.fail(Problem.at(ProblemType.METHOD_NOT_ALLOWED, "",
          ctx.request().method() + " is not allowed on " + ctx.request().path() + "; allowed: " + allow));
      return;
    }
    ctx.put(KEY, operation);
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    if (accept != null && !operation.produces().isEmpty() && !accepts(accept, operation.produces())) {
      ctx.fail(Problem.at(ProblemType.NOT_ACCEPTABLE, "header/Accept",
          "this operation answers with " + String.join(" or ", operation.produces()) + ", which Accept: " + accept + " refuses"));
      return;
    }
    if (operation.body().isPresent() && hasBody(ctx) && !isJson(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
      ctx.fail(Problem.at(ProblemType.UNSUPPORTED_MEDIA_TYPE, "header/Content-Type",
          "send the body as JSON with Content-Type: application/json"));
      return;
    }
    ctx.next();
  }

  private static boolean hasBody(RoutingContext ctx) {
    String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    return (length != null && !length.trim().equals("0")) || ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
  }

  /** Whether one of the media ranges of {@code accept} (with a q above 0) covers one of {@code produces}. */
  static boolean accepts(String accept, Set<String> produces) {
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      String type = parts[0].trim().toLowerCase(Locale.ROOT);
      if (type.isEmpty() || refused(parts)) {
        continue;
      }
      for (String produced : produces) {
        String p = produced.toLowerCase(Locale.ROOT);
        if (type.equals("*/*") || type.equals(p)
            || (type.endsWith("/*") && p.startsWith(type.substring(0, type.length() - 1)))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean refused(String[] parameters) {
    for (int i = 1; i < parameters.length; i++) {
      String[] pair = parameters[i].trim().split("=", 2);
      if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("q")) {
        try {
          return Double.parseDouble(pair[1].trim()) <= 0;
        } catch (NumberFormatException e) {
          return false;
        }
      }
    }
    return false;
  }
}
