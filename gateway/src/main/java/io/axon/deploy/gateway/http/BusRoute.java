package io.axon.deploy.gateway.http;

import io.axon.deploy.common.bus.BusClient;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * Forwards a validated request to a service as a command and answers with the reply: the gateway
 * keeps no business logic, only the mapping from HTTP to commands.
 */
public final class BusRoute {
  private final BusClient bus;
  private final Idempotency idempotency;

  public BusRoute(BusClient bus, Idempotency idempotency) {
    this.bus = bus;
    this.idempotency = idempotency;
  }

  public Idempotency idempotency() {
    return idempotency;
  }

  public Handler<RoutingContext> forward(String address, String action, int status, Function<ApiRequest, JsonObject> command) {
    return ctx -> {
      ApiRequest request = ApiRequest.of(ctx);
      bus.request(address, action, command.apply(request), request.requestId(), request.principal().user())
          .compose(reply -> idempotency.complete(ctx, status, reply).map(reply))
          .onSuccess(reply -> respond(ctx, status, reply))
          .onFailure(failure -> idempotency.release(ctx).onComplete(released -> ctx.fail(failure)));
    };
  }

  /** Like {@link #forward}, answering with one text field of the reply in {@code contentType}. */
  public Handler<RoutingContext> forwardText(String address, String action, String field, String contentType,
      Function<ApiRequest, JsonObject> command) {
    return ctx -> {
      ApiRequest request = ApiRequest.of(ctx);
      bus.request(address, action, command.apply(request), request.requestId(), request.principal().user())
          .onSuccess(reply -> ctx.response().putHeader("Content-Type", contentType).end(reply.getString(field, "")))
          .onFailure(ctx::fail);
    };
  }

  public static void respond(RoutingContext ctx, int status, JsonObject body) {
    String etag = body.getString("etag");
    if (etag != null) {
      ctx.response().putHeader("ETag", etag);
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
