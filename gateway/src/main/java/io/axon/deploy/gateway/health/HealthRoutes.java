package io.axon.deploy.gateway.health;

import io.axon.deploy.common.bus.Addresses;
import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.bus.RegistryCommands;
import io.axon.deploy.common.deployer.DeployerCommands;
import io.axon.deploy.common.error.ProblemException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.sqlclient.Pool;

/** {@code /health}, {@code /ready}, {@code /metrics} and {@code /openapi.yaml}: what operators poll. */
public final class HealthRoutes {
  private final Pool pool;
  private final BusClient bus;
  private final PrometheusMeterRegistry metrics;
  private final Buffer contract;

  public HealthRoutes(Pool pool, BusClient bus, PrometheusMeterRegistry metrics, Buffer contract) {
    this.pool = pool;
    this.bus = bus;
    this.metrics = metrics;
    this.contract = contract;
  }

  public void mount(RouterBuilder api) {
    api.getRoute("health").addHandler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
    api.getRoute("ready").addHandler(this::ready);
    api.getRoute("metrics").addHandler(PrometheusScrapingHandler.create(metrics));
    api.getRoute("openapi").addHandler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/yaml").end(contract));
  }

  private void ready(RoutingContext ctx) {
    Future<String> database = pool.query("SELECT 1").execute().map("UP");
    Future<String> registry = bus.request(Addresses.REGISTRY, RegistryCommands.PING, new JsonObject(), null, null)
        .map(reply -> reply.body().getString("database"));
    Future<String> deployer = bus.request(Addresses.DEPLOYER, DeployerCommands.PING, new JsonObject(), null, null)
        .map(reply -> reply.body().getString("database"));
    Future.join(database, registry, deployer).onComplete(done -> {
      JsonObject checks = new JsonObject()
          .put("database", state(database))
          .put("registry", state(registry))
          .put("deployer", state(deployer));
      boolean up = database.succeeded() && "UP".equals(registry.result()) && "UP".equals(deployer.result());
      json(ctx, up ? 200 : 503, new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", checks));
    });
  }

  private static JsonObject state(Future<String> check) {
    return check.succeeded()
        ? new JsonObject().put("status", check.result())
        : new JsonObject().put("status", "DOWN").put("error", check.cause() instanceof ProblemException p
            ? p.problem().type().title() : "unreachable");
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
