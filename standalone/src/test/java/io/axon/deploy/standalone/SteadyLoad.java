package io.axon.deploy.standalone;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Executions through the gateway at a steady rate (a timer sends {@code perTick} every millisecond
 * tick it is due), from a Vert.x of its own, as a user's traffic would arrive during a deployment:
 * it counts the answers by status and by version, and keeps the failures to show.
 */
final class SteadyLoad implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final WebClient client;
  private final String path;
  private final String token;
  private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> versions = new ConcurrentHashMap<>();
  private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile String lastVersion;
  private long timer = -1;

  SteadyLoad(int port, String path, String token) {
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port),
        new PoolOptions().setHttp1MaxSize(64));
    this.path = path;
    this.token = token;
  }

  /** Starts sending {@code perSecond} executions a second (one every {@code 1000 / perSecond} ms). */
  SteadyLoad start(int perSecond) {
    Buffer body = Buffer.buffer(new JsonObject().put("input", new JsonObject().put("orderId", "L1")).encode());
    long every = Math.max(1, 1000 / perSecond);
    timer = vertx.setPeriodic(every, id -> {
      inFlight.incrementAndGet();
      client.post(path).bearerTokenAuthentication(token).putHeader("Content-Type", "application/json").sendBuffer(body)
          .onComplete(done -> {
            inFlight.decrementAndGet();
            if (done.failed()) {
              failures.add(done.cause().toString());
              statuses.computeIfAbsent(-1, s -> new AtomicInteger()).incrementAndGet();
              return;
            }
            int status = done.result().statusCode();
            statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
            if (status == 200) {
              lastVersion = done.result().getHeader("X-Axon-Version");
              versions.computeIfAbsent(lastVersion, v -> new AtomicInteger()).incrementAndGet();
            } else if (failures.size() < 20) {
              failures.add(status + " " + done.result().bodyAsString());
            }
          });
    });
    return this;
  }

  int succeeded() {
    return statuses.getOrDefault(200, new AtomicInteger()).get();
  }

  int failed() {
    return statuses.entrySet().stream().filter(e -> e.getKey() != 200).mapToInt(e -> e.getValue().get()).sum();
  }

  int servedBy(String version) {
    return versions.getOrDefault(version, new AtomicInteger()).get();
  }

  List<String> failures() {
    return List.copyOf(failures);
  }

  /** Stops sending, and waits (up to 5 s) for the answers still on their way. */
  @Override
  public void close() {
    vertx.cancelTimer(timer);
    long deadline = System.currentTimeMillis() + 5_000;
    while (inFlight.get() > 0 && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(20); // the test thread, never an event loop
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
    client.close();
    vertx.close().await();
  }

  @Override
  public String toString() {
    return "load: statuses " + statuses + ", versions " + versions + ", failures " + failures();
  }
}
