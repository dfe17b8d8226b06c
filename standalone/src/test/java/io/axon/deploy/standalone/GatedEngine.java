package io.axon.deploy.standalone;

import io.axon.deploy.common.engine.EngineDirectory;
import io.axon.deploy.common.engine.EngineInstance;
import io.axon.deploy.engine.EngineSettings;
import io.axon.deploy.engine.Engines;
import io.axon.deploy.engine.Engines.RunningEngine;
import io.axon.deploy.engine.nodes.Gateway;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A real engine instance of the suite behind a small proxy that can hold every version load
 * ({@code PUT /workflows/...}) until the test lets it through: a deployment then stays in its
 * {@code load} step for as long as a test needs to look at it. Only the proxy is announced in
 * service discovery, under the engine's instance id. It can also make the instance's health score
 * drop, as an instance in trouble reports it.
 */
final class GatedEngine implements AutoCloseable {
  private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "transfer-encoding", "keep-alive");

  private final Vertx proxyVertx = Vertx.vertx();
  private final HttpClient engineClient = proxyVertx.createHttpClient();
  private final int enginePort;
  private final List<Runnable> held = new ArrayList<>();
  private boolean holding;
  /** When set, the score this instance's {@code /health} answers carry instead of the engine's. */
  private volatile Integer healthScore;
  private HttpServer proxy;
  private ServiceDiscovery discovery;
  private Record announced;

  private GatedEngine(int enginePort) {
    this.enginePort = enginePort;
  }

  static GatedEngine start(RunningSuite suite, String instanceId, String environment) {
    RunningEngine engine = Engines.start(suite.vertx(), new EngineSettings(instanceId, environment, "127.0.0.1", "127.0.0.1", 0, 1,
        new Gateway(Optional.of("http://127.0.0.1:" + suite.port()), Optional.of(RunningSuite.ADMIN_TOKEN), environment),
        256 * 1024, Optional.empty(), "port")).await();
    suite.vertx().undeploy(engine.deployments().get(0)).await(); // its own announcement: the proxy's goes out instead
    GatedEngine gated = new GatedEngine(engine.instance().port());
    gated.proxy = gated.proxyVertx.createHttpServer().requestHandler(gated::forward).listen(0, "127.0.0.1").await();
    gated.discovery = EngineDirectory.discovery(suite.vertx());
    gated.announced = EngineDirectory.announce(gated.discovery,
        new EngineInstance(instanceId, environment, "127.0.0.1", gated.proxy.actualPort())).await();
    return gated;
  }

  /** From now on {@code /health} answers {@code score} (null: the engine's own again): an instance whose health drops. */
  void scoreHealth(Integer score) {
    healthScore = score;
  }

  /** Loads wait from now on. */
  synchronized void hold() {
    holding = true;
  }

  /** Lets the loads that wait through, and every later one. */
  void release() {
    List<Runnable> waiting;
    synchronized (this) {
      holding = false;
      waiting = List.copyOf(held);
      held.clear();
    }
    waiting.forEach(Runnable::run);
  }

  private void forward(HttpServerRequest request) {
    Context context = Vertx.currentContext();
    boolean load = request.method() == HttpMethod.PUT && request.path().startsWith("/workflows/");
    Promise<Void> allowed = Promise.promise();
    synchronized (this) {
      if (load && holding) {
        held.add(() -> context.runOnContext(v -> allowed.complete()));
      } else {
        allowed.complete();
      }
    }
    request.body()
        .compose(body -> allowed.future().map(body))
        .compose(body -> engineClient.request(request.method(), enginePort, "127.0.0.1", request.uri())
            .compose(out -> {
              request.headers().forEach((name, value) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                  out.putHeader(name, value);
                }
              });
              return out.send(body);
            }))
        .compose(answer -> answer.body().map(body -> {
          request.response().setStatusCode(answer.statusCode());
          answer.headers().forEach((name, value) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase())) {
              request.response().putHeader(name, value);
            }
          });
          Integer score = healthScore;
          return score != null && "/health".equals(request.path()) && answer.statusCode() == 200
              ? new io.vertx.core.json.JsonObject(body).put("score", score).toBuffer() : body;
        }))
        .onSuccess(body -> request.response().end(body))
        .onFailure(failure -> request.response().setStatusCode(502).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain")
            .end(Buffer.buffer("proxy: " + failure)));
  }

  @Override
  public void close() {
    release();
    EngineDirectory.leave(discovery, announced).otherwiseEmpty().await();
    discovery.close();
    proxyVertx.close().await();
  }
}
