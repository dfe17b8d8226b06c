package io.axon.deploy.gateway.stream;

import io.axon.deploy.common.bus.Actor;
import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.gateway.auth.Authentication;
import io.axon.deploy.gateway.auth.Tokens;
import io.axon.deploy.gateway.http.ApiRequest;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code WS /api/v1/deployments/{id}/events} and {@code WS /api/v1/events?environment=&workflow=}
 * (DESIGN §3, §4). They are routes of the contract like the others, so the upgrade request is
 * authenticated, checked and refused (401, 404) as problem+json before any socket exists; every role
 * may read, as for {@code GET}. A stream is opened before its snapshot is read and upgraded after,
 * so that nothing published in between is missed.
 */
public final class StreamRoutes {
  private final EventHub hub;
  private final DeploymentSnapshots snapshots;
  private final Tokens tokens;

  public StreamRoutes(EventHub hub, BusClient bus, Tokens tokens) {
    this.hub = hub;
    this.snapshots = new DeploymentSnapshots(bus);
    this.tokens = tokens;
  }

  public void mount(RouterBuilder api) {
    api.getRoute("watchDeployment").addHandler(this::deployment);
    api.getRoute("watchEvents").addHandler(this::events);
  }

  /** The deployment's snapshot, then its events; 404 when there is no such deployment. */
  private void deployment(RoutingContext ctx) {
    if (!isUpgrade(ctx)) {
      return;
    }
    ApiRequest request = ApiRequest.of(ctx);
    String id = request.path("id");
    EventStream stream = hub.open(StreamFilter.deployment(id), tokens.digest(Authentication.bearer(ctx)), label(request));
    snapshots.deployment(id, request.requestId(), actor(request))
        .onSuccess(hub::learn)
        .map(deployment -> List.of(DeploymentSnapshots.frame(deployment).encode()))
        .onComplete(first -> upgrade(ctx, stream, first));
  }

  /** A snapshot of each deployment not over yet, then the events; 404 for an unknown environment. */
  private void events(RoutingContext ctx) {
    if (!isUpgrade(ctx)) {
      return;
    }
    ApiRequest request = ApiRequest.of(ctx);
    JsonObject query = request.query();
    Optional<String> environment = Optional.ofNullable(query.getString("environment"));
    Optional<String> workflow = Optional.ofNullable(query.getString("workflow"));
    EventStream stream = hub.open(StreamFilter.events(environment, workflow), tokens.digest(Authentication.bearer(ctx)),
        label(request));
    Future<Void> known = environment.isPresent()
        ? snapshots.environment(environment.get(), request.requestId(), actor(request))
        : Future.succeededFuture();
    known.compose(v -> snapshots.active(environment, workflow, request.requestId(), actor(request)))
        .map(deployments -> {
          deployments.forEach(hub::learn);
          return deployments.stream().map(deployment -> DeploymentSnapshots.frame(deployment).encode()).toList();
        })
        .onComplete(first -> upgrade(ctx, stream, first));
  }

  private static void upgrade(RoutingContext ctx, EventStream stream, AsyncResult<List<String>> first) {
    if (first.failed()) {
      stream.cancel();
      ctx.fail(first.cause());
      return;
    }
    ctx.request().toWebSocket()
        .onSuccess(socket -> stream.attach(socket, first.result()))
        .onFailure(failure -> {
          stream.cancel();
          // Vert.x answers most bad handshakes itself, and a client may have gone while its snapshot was read
          if (!ctx.response().ended() && !ctx.response().closed()) {
            ctx.fail(Problem.at(ProblemType.MALFORMED, "header/Sec-WebSocket-Key", "not a WebSocket handshake: " + failure.getMessage()));
          }
        });
  }

  /** A plain GET (no {@code Upgrade: websocket}) is refused with 400 before anything is read. */
  private static boolean isUpgrade(RoutingContext ctx) {
    String upgrade = ctx.request().getHeader(HttpHeaders.UPGRADE);
    String connection = ctx.request().getHeader(HttpHeaders.CONNECTION);
    if ("websocket".equalsIgnoreCase(upgrade) && connection != null
        && connection.toLowerCase(Locale.ROOT).contains("upgrade")) {
      return true;
    }
    ctx.fail(Problem.at(ProblemType.MALFORMED, "header/Upgrade",
        "this is a WebSocket stream: open it with a WebSocket client (Upgrade: websocket, Connection: Upgrade)"));
    return false;
  }

  private static String label(ApiRequest request) {
    return "[" + request.requestId() + "] GET " + request.ctx().request().path();
  }

  private static Actor actor(ApiRequest request) {
    return request.principal().actor();
  }
}
