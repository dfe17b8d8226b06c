package io.axon.deploy.gateway.http;

import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.bus.Reply;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.function.Function;

/**
 * Forwards a validated request to a service as a command, with the caller and any
 * {@code Idempotency-Key}, and answers with the service's reply as it is: status, headers, body.
 * The gateway keeps no business logic, only the mapping from HTTP to commands.
 */
public final class BusRoute {
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private final BusClient bus;

  public BusRoute(BusClient bus) {
    this.bus = bus;
  }

  public Handler<RoutingContext> forward(String address, String action, Function<ApiRequest, JsonObject> command) {
    return ctx -> {
      ApiRequest request = ApiRequest.of(ctx);
      bus.request(address, action, command.apply(request), request.requestId(), request.principal().actor(),
              Optional.ofNullable(request.header(IDEMPOTENCY_KEY)), bodyBytes(ctx))
          .onSuccess(reply -> respond(ctx, reply))
          .onFailure(ctx::fail);
    };
  }

  /** Like {@link #forward}, answering with one text field of the reply in {@code contentType}. */
  public Handler<RoutingContext> forwardText(String address, String action, String field, String contentType,
      Function<ApiRequest, JsonObject> command) {
    return ctx -> {
      ApiRequest request = ApiRequest.of(ctx);
      bus.request(address, action, command.apply(request), request.requestId(), request.principal().actor())
          .onSuccess(reply -> ctx.response().putHeader("Content-Type", contentType).end(reply.body().getString(field, "")))
          .onFailure(ctx::fail);
    };
  }

  /** The size of the request body, so that the service knows a large command before walking it. */
  public static long bodyBytes(RoutingContext ctx) {
    return ctx.body() == null || ctx.body().buffer() == null ? 0 : ctx.body().length();
  }

  public static void respond(RoutingContext ctx, Reply reply) {
    reply.headers().forEach(ctx.response()::putHeader);
    ctx.response().setStatusCode(reply.status());
    if (reply.encoded() != null) {
      ctx.response().putHeader("Content-Type", "application/json").end(reply.encoded());
    } else if (reply.body() != null) {
      ctx.response().putHeader("Content-Type", "application/json").end(reply.body().toBuffer());
    } else {
      ctx.response().end();
    }
  }
}
