package io.axon.deploy.monitor;

import io.axon.deploy.common.bus.Addresses;
import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.cluster.VertxRuntime;
import io.axon.deploy.common.config.AxonConfig;
import io.axon.deploy.common.config.ConfigException;
import io.axon.deploy.common.monitor.MonitorCommands;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.net.BindException;

/**
 * The monitor process's own HTTP port ({@code AXON_MONITOR_HTTP_PORT}), for a container's health
 * check and Prometheus: {@code GET /health} (200 when the monitor answers on the bus, else 503) and
 * {@code GET /metrics}. The standalone suite does without it: the gateway's {@code /metrics} scrapes
 * the same registry there.
 */
public final class MonitorHttpVerticle extends VerticleBase {
  private static final long HEALTH_TIMEOUT_MS = 2_000;

  private final AxonConfig config;
  private final PrometheusMeterRegistry metrics;
  private HttpServer server;
  private BusClient bus;

  private MonitorHttpVerticle(AxonConfig config, PrometheusMeterRegistry metrics) {
    this.config = config;
    this.metrics = metrics;
  }

  public static Future<String> deploy(VertxRuntime runtime, AxonConfig config) {
    return runtime.vertx().deployVerticle(new MonitorHttpVerticle(config, runtime.metrics()));
  }

  @Override
  public Future<?> start() {
    bus = new BusClient(vertx.eventBus(), HEALTH_TIMEOUT_MS);
    Router router = Router.router(vertx);
    router.get("/health").handler(this::health);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(metrics));
    int port = config.monitor().httpPort();
    return vertx.createHttpServer().requestHandler(router).listen(port, config.httpHost())
        .recover(failure -> Future.failedFuture(failure instanceof BindException
            ? new ConfigException("the monitor's port " + port + " on " + config.httpHost()
                + " is in use: set AXON_MONITOR_HTTP_PORT")
            : failure))
        .onSuccess(listening -> server = listening);
  }

  private void health(RoutingContext ctx) {
    bus.request(Addresses.MONITOR, MonitorCommands.LIST_INSTANCES, new JsonObject(), null, null)
        .map(reply -> new JsonObject().put("status", "UP")
            .put("instances", reply.json().getJsonArray("items").size()))
        .otherwise(failure -> new JsonObject().put("status", "DOWN").put("error", failure.getMessage()))
        .onSuccess(body -> ctx.response().setStatusCode("UP".equals(body.getString("status")) ? 200 : 503)
            .putHeader("Content-Type", "application/json").end(body.encode()));
  }
}
