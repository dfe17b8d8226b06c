package io.axon.deploy.benchmarks;

import io.axon.deploy.common.cluster.VertxRuntime;
import io.axon.deploy.common.config.AxonConfig;
import io.axon.deploy.standalone.Standalone;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures the registry through the HTTP API against the real database: the latency of creating
 * versions one after another, then of listing with an npm range over all of them. It starts the
 * standalone suite in this JVM on a database of its own, which it drops before and after.
 */
@Command(name = "api-benchmark", mixinStandardHelpOptions = true, description = "Registry HTTP API latency")
public final class ApiBenchmark implements Callable<Integer> {
  private static final String TOKEN = "benchmark-admin-token";

  @Option(names = "--versions", description = "versions to create in the measured workflow (default ${DEFAULT-VALUE})")
  int versions = 10_000;

  @Option(names = "--warmup", description = "versions created in a throwaway workflow first (default ${DEFAULT-VALUE})")
  int warmup = 2_000;

  @Option(names = "--lists", description = "list requests per range (default ${DEFAULT-VALUE})")
  int lists = 300;

  @Option(names = "--pg-server", description = "PostgreSQL host:port (default ${DEFAULT-VALUE})")
  String pgServer = "127.0.0.1:5432";

  @Option(names = "--database", description = "scratch database, dropped before and after (default ${DEFAULT-VALUE})")
  String database = "axon_benchmark";

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private WebClient http;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ApiBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    dropDatabase();
    int port = freePort();
    VertxRuntime suite = Standalone.start(AxonConfig.from(Map.of(
        "AXON_PG_URL", "postgresql://postgres@" + pgServer + "/" + database,
        "AXON_HTTP_HOST", "127.0.0.1", "AXON_HTTP_PORT", Integer.toString(port), "AXON_ADMIN_TOKEN", TOKEN))).await();
    Vertx client = Vertx.vertx();
    http = WebClient.create(client, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    try {
      System.out.printf("warming up: %d versions, %d lists%n", warmup, lists);
      createVersions("warmup", warmup, timer("warmup.create"));
      listVersions("warmup", ">=0.0.1 <0.0." + warmup / 2, 50, lists, timer("warmup.list"));

      System.out.printf("measuring: %d versions created one after another%n", versions);
      Timer create = timer("create");
      createVersions("measured", versions, create);
      Timer half = timer("list.half");
      listVersions("measured", ">=0.0." + versions / 4 + " <0.0." + (versions * 3 / 4), 50, lists, half);
      Timer tail = timer("list.tail");
      listVersions("measured", "^0.0.1 || >=0.0." + (versions - 1000), 1000, lists / 3, tail);

      System.out.println();
      System.out.println("| measurement | requests | p50 ms | p99 ms | max ms |");
      System.out.println("| --- | ---: | ---: | ---: | ---: |");
      report("create version (bump: patch), " + versions + " in one workflow", create);
      report("list, range matching half of " + versions + ", limit 50", half);
      report("list, `^0.0.1 || >=0.0." + (versions - 1000) + "` over " + versions + ", limit 1000", tail);
      return 0;
    } finally {
      http.close();
      client.close().await();
      suite.vertx().close().await();
      dropDatabase();
    }
  }

  private void createVersions(String workflow, int count, Timer timer) {
    expect(201, request("POST", "/api/v1/workflows")
        .sendJsonObject(new JsonObject().put("key", workflow).put("name", workflow)).await());
    for (int i = 0; i < count; i++) {
      JsonObject body = new JsonObject().put("bump", "patch").put("definition", definition(i));
      long start = System.nanoTime();
      HttpResponse<Buffer> response = request("POST", "/api/v1/workflows/" + workflow + "/versions").sendJsonObject(body).await();
      timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      expect(201, response);
    }
  }

  private void listVersions(String workflow, String range, int limit, int times, Timer timer) {
    String path = "/api/v1/workflows/" + workflow + "/versions?limit=" + limit + "&range="
        + URLEncoder.encode(range, StandardCharsets.UTF_8);
    for (int i = 0; i < times; i++) {
      long start = System.nanoTime();
      HttpResponse<Buffer> response = request("GET", path).send().await();
      timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      expect(200, response);
    }
  }

  private HttpRequest<Buffer> request(String method, String path) {
    return http.request(io.vertx.core.http.HttpMethod.valueOf(method), path).bearerTokenAuthentication(TOKEN);
  }

  /** A realistic small workflow: trigger, HTTP call, condition, two branches. */
  private static JsonObject definition(int marker) {
    JsonArray nodes = new JsonArray()
        .add(new JsonObject().put("id", "start").put("type", "trigger").put("typeVersion", "1.0.0"))
        .add(new JsonObject().put("id", "fetch").put("type", "http")
            .put("config", new JsonObject().put("method", "GET").put("url", "http://127.0.0.1:9/orders/{{ input.orderId }}")))
        .add(new JsonObject().put("id", "big").put("type", "condition")
            .put("config", new JsonObject().put("expression", "input.amount > " + marker)))
        .add(new JsonObject().put("id", "yes").put("type", "log").put("config", new JsonObject().put("message", "big")))
        .add(new JsonObject().put("id", "no").put("type", "transform")
            .put("config", new JsonObject().put("set", new JsonObject().put("status", "small"))));
    JsonArray connections = new JsonArray()
        .add(connection("c1", "start", "fetch")).add(connection("c2", "fetch", "big"))
        .add(connection("c3", "big", "yes").put("fromPort", "true")).add(connection("c4", "big", "no").put("fromPort", "false"));
    return new JsonObject().put("nodes", nodes).put("connections", connections)
        .put("inputSchema", new JsonObject().put("type", "object").put("required", new JsonArray().add("orderId")));
  }

  private static JsonObject connection(String id, String from, String to) {
    return new JsonObject().put("id", id).put("from", from).put("to", to);
  }

  private Timer timer(String name) {
    return Timer.builder(name).publishPercentiles(0.5, 0.99).percentilePrecision(3).register(meters);
  }

  private static void report(String what, Timer timer) {
    HistogramSnapshot snapshot = timer.takeSnapshot();
    double p50 = 0;
    double p99 = 0;
    for (ValueAtPercentile value : snapshot.percentileValues()) {
      if (value.percentile() == 0.5) {
        p50 = value.value(TimeUnit.MILLISECONDS);
      } else if (value.percentile() == 0.99) {
        p99 = value.value(TimeUnit.MILLISECONDS);
      }
    }
    System.out.printf("| %s | %d | %.2f | %.2f | %.2f |%n", what, snapshot.count(), p50, p99, snapshot.max(TimeUnit.MILLISECONDS));
  }

  private static void expect(int status, HttpResponse<Buffer> response) {
    if (response.statusCode() != status) {
      throw new IllegalStateException("expected " + status + ", got " + response.statusCode() + ": " + response.bodyAsString());
    }
  }

  private void dropDatabase() throws Exception {
    try (var connection = DriverManager.getConnection("jdbc:postgresql://" + pgServer + "/postgres", "postgres", "")) {
      connection.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  private static int freePort() throws java.io.IOException {
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
