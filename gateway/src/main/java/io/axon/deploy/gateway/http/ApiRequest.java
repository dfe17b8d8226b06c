package io.axon.deploy.gateway.http;

import io.axon.deploy.gateway.auth.Principal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.Map;

/** Typed access to a request that the OpenAPI contract has validated. */
public record ApiRequest(RoutingContext ctx, ValidatedRequest validated) {

  public static ApiRequest of(RoutingContext ctx) {
    return new ApiRequest(ctx, ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST));
  }

  public String path(String name) {
    return validated.getPathParameters().get(name).getString();
  }

  public String header(String name) {
    return ctx.request().getHeader(name);
  }

  /**
   * The JSON object body, or an empty object when the operation's body is optional and absent. Not a
   * copy: a definition may be 2 MiB, and nothing else reads the body after the route.
   */
  public JsonObject body() {
    RequestParameter body = validated.getBody();
    return body == null || body.isNull() || body.isEmpty() ? new JsonObject() : body.getJsonObject();
  }

  /** The query parameters that were given, with the types the contract declares. */
  public JsonObject query() {
    JsonObject query = new JsonObject();
    for (Map.Entry<String, RequestParameter> entry : validated.getQuery().entrySet()) {
      if (entry.getValue() != null && !entry.getValue().isNull()) {
        query.put(entry.getKey(), entry.getValue().get());
      }
    }
    return query;
  }

  public Principal principal() {
    return ctx.get(Principal.CONTEXT_KEY);
  }

  public String requestId() {
    return RequestLog.id(ctx);
  }
}
