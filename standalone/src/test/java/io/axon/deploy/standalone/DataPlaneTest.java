package io.axon.deploy.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.bus.Addresses;
import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.monitor.MonitorCommands;
import io.axon.deploy.common.monitor.WindowStats;
import io.axon.deploy.engine.EngineSettings;
import io.axon.deploy.engine.Engines;
import io.axon.deploy.engine.Engines.RunningEngine;
import io.axon.deploy.engine.nodes.Gateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The data plane end to end on the standalone suite and the real database: three engine instances
 * of development, a workflow published, deployed with {@code immediate}, executed through the
 * gateway, split by hand, and an instance killed under load.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DataPlaneTest {
  private static final String TOKEN = RunningSuite.ADMIN_TOKEN;
  private static final String EXECUTIONS = "/api/v1/environments/development/workflows/orders/executions";
  private RunningSuite suite;
  private final List<RunningEngine> engines = new ArrayList<>();
  private Vertx loadVertx;
  private WebClient load;

  @BeforeAll
  void start() {
    suite = RunningSuite.start();
    for (int i = 1; i <= 3; i++) {
      engines.add(Engines.start(suite.vertx(), new EngineSettings("development-" + i, "development", "127.0.0.1",
          "127.0.0.1", 0, 1, new Gateway(Optional.of("http://127.0.0.1:" + suite.port()), Optional.of(TOKEN), "development"),
          256 * 1024, Optional.empty(), "port")).await());
    }
    loadVertx = Vertx.vertx();
    load = WebClient.create(loadVertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(suite.port()),
        new PoolOptions().setHttp1MaxSize(64));
  }

  @AfterAll
  void stop() {
    load.close();
    loadVertx.close().await();
    suite.close();
  }

  private static JsonObject definition(String marker) {
    return new JsonObject()
        .put("nodes", new JsonArray()
            .add(new JsonObject().put("id", "start").put("type", "trigger"))
            .add(new JsonObject().put("id", "enrich").put("type", "transform")
                .put("config", new JsonObject().put("set", new JsonObject()
                    .put("status", "ok").put("order", "{{ input.orderId }}").put("marker", marker)))))
        .put("connections", new JsonArray().add(new JsonObject().put("id", "c1").put("from", "start").put("to", "enrich")))
        .put("inputSchema", new JsonObject().put("type", "object").put("required", new JsonArray().add("orderId"))
            .put("properties", new JsonObject().put("orderId", new JsonObject().put("type", "string"))));
  }

  private void createVersion(String version) {
    Reply created = suite.post("/api/v1/workflows/orders/versions", TOKEN, new JsonObject().put("version", version)
        .put("definition", definition(version)).put("title", "orders " + version));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(suite.post("/api/v1/workflows/orders/versions/" + version + "/publish", TOKEN, new JsonObject()).status())
        .isEqualTo(200);
  }

  /** Deploys with {@code immediate} and waits for the deployment to end; its last state. */
  private JsonObject deploy(String version) {
    Reply accepted = suite.post("/api/v1/environments/development/deployments", TOKEN,
        new JsonObject().put("workflow", "orders").put("version", version).put("strategy", "immediate").put("reason", "test"));
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    String id = accepted.json().getString("id");
    assertThat(accepted.header("Location")).isEqualTo("/api/v1/deployments/" + id);
    long deadline = System.currentTimeMillis() + 15_000;
    JsonObject deployment;
    do {
      deployment = suite.get("/api/v1/deployments/" + id, TOKEN).json();
    } while (deployment.getString("status").equals("in_progress") && System.currentTimeMillis() < deadline && pause(50));
    return deployment;
  }

  private static boolean pause(long ms) {
    try {
      Thread.sleep(ms); // the test thread, never an event loop
      return true;
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The instances the monitor lists once {@code ready} holds of them (it polls each second), or as they are after 5 s. */
  private List<JsonObject> awaitInstances(java.util.function.Predicate<List<JsonObject>> ready) {
    long deadline = System.currentTimeMillis() + 5_000;
    List<JsonObject> instances;
    do {
      instances = suite.get("/api/v1/environments/development/instances", TOKEN).items();
    } while (!ready.test(instances) && System.currentTimeMillis() < deadline && pause(100));
    return instances;
  }

  private Reply execute(JsonObject input, Map<String, String> headers) {
    return suite.send(HttpMethod.POST, EXECUTIONS, TOKEN, Buffer.buffer(new JsonObject().put("input", input).encode()), headers);
  }

  /** {@code count} executions, {@code concurrency} at a time, through a real HTTP client; the answers' statuses and headers. */
  private List<HttpResponse<Buffer>> executeMany(int count, int concurrency, String routingKey) {
    List<HttpResponse<Buffer>> answers = java.util.Collections.synchronizedList(new ArrayList<>());
    Buffer body = Buffer.buffer(new JsonObject().put("input", new JsonObject().put("orderId", "A1")).encode());
    for (int sent = 0; sent < count; sent += concurrency) {
      List<Future<HttpResponse<Buffer>>> wave = new ArrayList<>();
      for (int i = 0; i < Math.min(concurrency, count - sent); i++) {
        var request = load.post(EXECUTIONS).bearerTokenAuthentication(TOKEN).putHeader("Content-Type", "application/json");
        if (routingKey != null) {
          request.putHeader("X-Axon-Routing-Key", routingKey);
        }
        wave.add(request.sendBuffer(body).onSuccess(answers::add));
      }
      Future.all(wave).await();
    }
    return answers;
  }

  @Test
  @Order(1)
  void aPublishedVersionDeployedImmediatelyIsExecutedThroughTheGatewayAndMeasured() {
    assertThat(suite.post("/api/v1/workflows", TOKEN, new JsonObject().put("key", "orders").put("name", "Orders")).status())
        .isEqualTo(201);
    createVersion("1.0.0");
    JsonObject deployment = deploy("1.0.0");
    assertThat(deployment.getString("status")).as(deployment.encodePrettily()).isEqualTo("succeeded");
    assertThat(deployment.getJsonArray("steps").stream().map(s -> ((JsonObject) s).getString("status")))
        .containsExactly("succeeded", "succeeded");
    assertThat(deployment.getJsonArray("traffic")).containsExactly(new JsonObject().put("version", "1.0.0").put("weight", 100));

    JsonObject routing = suite.get("/api/v1/environments/development/workflows/orders/routing", TOKEN).json();
    assertThat(routing.getJsonObject("hosts").getJsonArray("1.0.0"))
        .containsExactlyInAnyOrder("development-1", "development-2", "development-3");
    List<JsonObject> instances = awaitInstances(list -> list.stream().allMatch(i -> i.getJsonArray("versions")
        .contains(new JsonObject().put("workflow", "orders").put("version", "1.0.0"))));
    assertThat(instances).hasSize(3).allSatisfy(instance -> {
      assertThat(instance.getString("status")).isEqualTo("healthy");
      assertThat(instance.getJsonArray("versions"))
          .contains(new JsonObject().put("workflow", "orders").put("version", "1.0.0"));
    });

    Reply executed = execute(new JsonObject().put("orderId", "A7"), Map.of());
    assertThat(executed.status()).as(executed.toString()).isEqualTo(200);
    assertThat(executed.header("X-Axon-Version")).isEqualTo("1.0.0");
    assertThat(executed.header("X-Axon-Deployment")).isEqualTo(deployment.getString("id"));
    assertThat(executed.header("X-Axon-Instance")).startsWith("development-");
    assertThat(executed.json().getString("status")).isEqualTo("succeeded");
    assertThat(executed.json().getJsonObject("output").getString("order")).isEqualTo("A7");

    assertThat(suite.get("/api/v1/audit?subject=deployments/" + deployment.getString("id"), TOKEN).items())
        .extracting(record -> record.getString("action")).contains("deployment.create");

    long deadline = System.currentTimeMillis() + 5_000;
    String metrics;
    do {
      metrics = suite.get("/metrics", null).text();
    } while (!metrics.contains("axon_executions_total{") && System.currentTimeMillis() < deadline && pause(100));
    assertThat(metrics).containsPattern("axon_executions_total\\{[^}]*workflow=\"orders\"[^}]*} 1\\.0")
        .contains("axon_execution_duration_seconds_bucket{");
  }

  @Test
  @Order(2)
  void weightsSetByHandAreHonouredWithinTwoPointsOverTenThousandExecutions() {
    createVersion("1.1.0");
    JsonObject deployment = deploy("1.1.0");
    assertThat(deployment.getString("status")).isEqualTo("succeeded");
    assertThat(deployment.getString("previousVersion")).isEqualTo("1.0.0");

    Reply split = suite.send(HttpMethod.PUT, "/api/v1/environments/development/workflows/orders/routing", TOKEN,
        Buffer.buffer(new JsonObject().put("routes", new JsonArray()
            .add(new JsonObject().put("version", "1.0.0").put("weight", 70))
            .add(new JsonObject().put("version", "1.1.0").put("weight", 30))).encode()), Map.of());
    assertThat(split.status()).as(split.toString()).isEqualTo(200);
    long revision = split.json().getLong("revision");
    assertThat(suite.get("/api/v1/audit?subject=environments/development/workflows/orders/routing", TOKEN).items())
        .extracting(record -> record.getString("action")).contains("routing.set");

    awaitRevision(revision);
    Map<String, Integer> byVersion = new HashMap<>();
    for (HttpResponse<Buffer> answer : executeMany(10_000, 32, null)) {
      assertThat(answer.statusCode()).isEqualTo(200);
      byVersion.merge(answer.getHeader("X-Axon-Version"), 1, Integer::sum);
    }
    assertThat(byVersion.get("1.0.0")).isBetween(6_800, 7_200);
    assertThat(byVersion.get("1.1.0")).isBetween(2_800, 3_200);

    // the gateway's batches reach the monitor's windows, readable on the bus by the deployer and triggers to come
    BusClient bus = new BusClient(suite.vertx().eventBus(), 5_000);
    long deadline = System.currentTimeMillis() + 5_000;
    Map<String, WindowStats> window;
    do {
      window = bus.request(Addresses.MONITOR, MonitorCommands.METRICS_WINDOW,
              new JsonObject().put("environment", "development").put("workflow", "orders").put("windowMs", 120_000), null, null)
          .await().json().getJsonArray("versions").stream().map(v -> WindowStats.fromJson((JsonObject) v))
          .collect(java.util.stream.Collectors.toMap(WindowStats::version, v -> v));
    } while ((window.get("1.1.0") == null || window.get("1.1.0").count() < byVersion.get("1.1.0"))
        && System.currentTimeMillis() < deadline && pause(100));
    assertThat(window.get("1.1.0").count()).isGreaterThanOrEqualTo(byVersion.get("1.1.0"));
    assertThat(window.get("1.1.0").errors()).isZero();
    assertThat(window.get("1.1.0").p99Ms()).isPositive();
    assertThat(window.get("1.0.0").count()).isGreaterThanOrEqualTo(byVersion.get("1.0.0"));
  }

  /** Waits until the gateway routes by {@code revision}: its routing GET is the deployer's, so this polls executions. */
  private void awaitRevision(long revision) {
    long deadline = System.currentTimeMillis() + 5_000;
    boolean both;
    do {
      List<HttpResponse<Buffer>> answers = executeMany(20, 10, null);
      both = answers.stream().map(a -> a.getHeader("X-Axon-Version")).distinct().count() == 2;
    } while (!both && System.currentTimeMillis() < deadline && pause(20));
    assertThat(both).as("the gateway applies revision " + revision).isTrue();
  }

  @Test
  @Order(3)
  void aRoutingKeyStaysOnOneVersionWhileTheWeightsStayPut() {
    for (int key = 0; key < 40; key++) {
      List<String> versions = executeMany(5, 5, "customer-" + key).stream().map(a -> a.getHeader("X-Axon-Version"))
          .distinct().toList();
      assertThat(versions).as("customer-" + key).hasSize(1);
    }
  }

  @Test
  @Order(3)
  void aPreviewVersionIsReachedOnlyWithThePreviewHeader() {
    JsonArray split = new JsonArray().add(new JsonObject().put("version", "1.0.0").put("weight", 70))
        .add(new JsonObject().put("version", "1.1.0").put("weight", 30));
    Reply withPreview = suite.send(HttpMethod.PUT, "/api/v1/environments/development/workflows/orders/routing", TOKEN,
        Buffer.buffer(new JsonObject().put("routes", split).put("preview", "1.1.0").encode()), Map.of());
    assertThat(withPreview.status()).as(withPreview.toString()).isEqualTo(200);
    long deadline = System.currentTimeMillis() + 5_000;
    Reply preview;
    do {
      preview = execute(new JsonObject().put("orderId", "P1"), Map.of("X-Axon-Preview", "true"));
    } while (preview.status() != 200 && System.currentTimeMillis() < deadline && pause(20));
    for (int i = 0; i < 20; i++) {
      assertThat(execute(new JsonObject().put("orderId", "P1"), Map.of("X-Axon-Preview", "true")).header("X-Axon-Version"))
          .isEqualTo("1.1.0");
    }
    Reply withoutPreview = suite.send(HttpMethod.PUT, "/api/v1/environments/development/workflows/orders/routing", TOKEN,
        Buffer.buffer(new JsonObject().put("routes", split).encode()), Map.of());
    assertThat(withoutPreview.json().getValue("preview")).isNull();
    deadline = System.currentTimeMillis() + 5_000; // the gateway applies the revision as it is published
    do {
      preview = execute(new JsonObject().put("orderId", "P1"), Map.of("X-Axon-Preview", "true"));
    } while (preview.status() != 404 && System.currentTimeMillis() < deadline && pause(20));
    assertThat(preview.isProblem(404)).as(preview.toString()).isTrue();
  }

  @Test
  @Order(3)
  void aVersionRangeLimitsTheSplitToTheLiveVersionsItAccepts() {
    Map<String, Integer> byVersion = new HashMap<>();
    for (int i = 0; i < 20; i++) {
      Reply answer = execute(new JsonObject().put("orderId", "R1"), Map.of("X-Axon-Version-Range", "~1.1.0"));
      assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
      byVersion.merge(answer.header("X-Axon-Version"), 1, Integer::sum);
    }
    assertThat(byVersion).isEqualTo(Map.of("1.1.0", 20));
    Reply none = execute(new JsonObject().put("orderId", "R1"), Map.of("X-Axon-Version-Range", "^2.0.0"));
    assertThat(none.isProblem(404)).as(none.toString()).isTrue();
    assertThat(none.errorPaths()).containsExactly("header/X-Axon-Version-Range");
    Reply invalid = execute(new JsonObject().put("orderId", "R1"), Map.of("X-Axon-Version-Range", ">=1.2.3 <"));
    assertThat(invalid.isProblem(400)).as(invalid.toString()).isTrue();
  }

  @Test
  @Order(4)
  void badRequestsGetTheirDocumentedProblem() {
    assertThat(execute(new JsonObject(), Map.of()).isProblem(422)).isTrue();
    Reply noBody = suite.send(HttpMethod.POST, EXECUTIONS, TOKEN, null, Map.of());
    assertThat(noBody.isProblem(422)).as("no body is an empty input: " + noBody).isTrue();
    io.vertx.core.http.HttpClient raw = loadVertx.createHttpClient();
    int tooLarge = raw.request(HttpMethod.POST, suite.port(), "127.0.0.1", EXECUTIONS).compose(request -> request
            .putHeader("Authorization", "Bearer " + TOKEN).putHeader("Content-Type", "application/json").setChunked(true)
            .send(Buffer.buffer("{\"input\": \"" + "x".repeat(300 * 1024) + "\"}")))
        .map(io.vertx.core.http.HttpClientResponse::statusCode).await();
    assertThat(tooLarge).as("a chunked body over the limit").isEqualTo(413);
    raw.close();
    Reply malformed = suite.send(HttpMethod.POST, EXECUTIONS, TOKEN, Buffer.buffer("{\"input\": {"), Map.of());
    assertThat(malformed.isProblem(400)).as(malformed.toString()).isTrue();
    Reply unknownEnvironment = suite.post("/api/v1/environments/moon/workflows/orders/executions", TOKEN, new JsonObject());
    assertThat(unknownEnvironment.isProblem(404)).isTrue();
    assertThat(unknownEnvironment.json().getString("detail")).contains("environment 'moon' does not exist");
    Reply unknownWorkflow = suite.post("/api/v1/environments/development/workflows/nope/executions", TOKEN, new JsonObject());
    assertThat(unknownWorkflow.isProblem(404)).isTrue();
    assertThat(unknownWorkflow.json().getString("detail")).contains("workflow 'nope' does not exist");
    Reply notDeployed = suite.post("/api/v1/environments/staging/workflows/orders/executions", TOKEN, new JsonObject());
    assertThat(notDeployed.isProblem(404)).isTrue();
    assertThat(notDeployed.json().getString("detail")).contains("nothing of workflow 'orders' is deployed in staging");
    assertThat(suite.post(EXECUTIONS, null, new JsonObject()).isProblem(401)).isTrue();
    assertThat(suite.post(EXECUTIONS, "not-a-token", new JsonObject()).isProblem(401)).isTrue();
    Reply preview = suite.send(HttpMethod.POST, EXECUTIONS, TOKEN, Buffer.buffer("{}"), Map.of("X-Axon-Preview", "true"));
    assertThat(preview.isProblem(404)).as(preview.toString()).isTrue();

    Reply notLoaded = suite.send(HttpMethod.PUT, "/api/v1/environments/development/workflows/orders/routing", TOKEN,
        Buffer.buffer("{\"routes\": [{\"version\": \"9.9.9\", \"weight\": 100}]}"), Map.of());
    assertThat(notLoaded.isProblem(422)).as(notLoaded.toString()).isTrue();
    Reply notHundred = suite.send(HttpMethod.PUT, "/api/v1/environments/development/workflows/orders/routing", TOKEN,
        Buffer.buffer("{\"routes\": [{\"version\": \"1.0.0\", \"weight\": 60}]}"), Map.of());
    assertThat(notHundred.isProblem(422)).as(notHundred.toString()).isTrue();

    JsonObject deploy = new JsonObject().put("workflow", "orders").put("version", "1.0.0");
    assertThat(suite.post("/api/v1/environments/moon/deployments", TOKEN, deploy).isProblem(404)).isTrue();
    assertThat(suite.post("/api/v1/environments/development/deployments", TOKEN, deploy.copy().put("version", "7.0.0"))
        .isProblem(404)).isTrue();
    Reply production = suite.post("/api/v1/environments/production/deployments", TOKEN, deploy);
    assertThat(production.isProblem(422)).as(production.toString()).isTrue();
    assertThat(production.json().getString("detail")).contains("must succeed in staging");
    Reply warp = suite.post("/api/v1/environments/development/deployments", TOKEN, deploy.copy().put("strategy", "warp"));
    assertThat(warp.isProblem(422)).as(warp.toString()).isTrue();
  }

  @Test
  @Order(5)
  void anInstanceKilledUnderLoadIsMarkedUnhealthyWithinThreeSecondsAndGetsNothingAfterwards() throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger failures = new AtomicInteger();
    Map<Long, List<String>> waves = new ConcurrentHashMap<>(); // when a wave was sent → the instances that served it
    Thread loadThread = new Thread(() -> {
      while (running.get()) {
        long sentAt = System.nanoTime();
        List<String> servedBy = new ArrayList<>();
        for (HttpResponse<Buffer> answer : executeMany(8, 8, null)) {
          if (answer.statusCode() != 200) {
            failures.incrementAndGet();
          }
          servedBy.add(answer.getHeader("X-Axon-Instance"));
        }
        waves.put(sentAt, servedBy);
      }
    });
    loadThread.start();
    pause(500);
    RunningEngine victim = engines.get(2);
    long killedAt = System.nanoTime();
    suite.vertx().undeploy(victim.deployments().get(1)).await(); // its HTTP side dies; it never leaves discovery
    long unhealthyAt = 0;
    while (unhealthyAt == 0 && System.nanoTime() - killedAt < 10_000_000_000L) {
      boolean down = suite.get("/api/v1/environments/development/instances", TOKEN).items().stream()
          .anyMatch(i -> i.getString("instanceId").equals("development-3") && i.getString("status").equals("unhealthy"));
      unhealthyAt = down ? System.nanoTime() : 0;
      pause(50);
    }
    pause(1_000);
    running.set(false);
    loadThread.join();
    assertThat(unhealthyAt).as("development-3 was marked unhealthy").isPositive();
    assertThat((unhealthyAt - killedAt) / 1_000_000).as("ms to mark it unhealthy").isLessThanOrEqualTo(3_000);
    long marked = unhealthyAt;
    assertThat(waves.keySet().stream().filter(sentAt -> sentAt < killedAt)).isNotEmpty()
        .allSatisfy(sentAt -> assertThat(waves.get(sentAt)).isNotNull());
    assertThat(waves.entrySet().stream().filter(wave -> wave.getKey() > marked).flatMap(wave -> wave.getValue().stream()))
        .isNotEmpty().doesNotContain("development-3");
    // at most the requests in flight when it died fail (they reached it, so they are never sent twice)
    assertThat(failures.get()).as("executions that failed while an instance died").isLessThanOrEqualTo(8);
  }

  @Test
  @Order(6)
  void anInstanceThatComesBackEmptyIsLoadedAgainAndServesOnceMore() {
    RunningEngine dead = engines.get(2);
    engines.set(2, Engines.start(suite.vertx(), new EngineSettings("development-3", "development", "127.0.0.1",
        "127.0.0.1", dead.instance().port(), 1, new Gateway(Optional.empty(), Optional.empty(), "development"),
        256 * 1024, Optional.empty(), "port")).await());
    long deadline = System.currentTimeMillis() + 10_000;
    boolean served;
    do {
      served = executeMany(30, 10, null).stream().anyMatch(a -> "development-3".equals(a.getHeader("X-Axon-Instance")));
    } while (!served && System.currentTimeMillis() < deadline && pause(100));
    assertThat(served).as("the restarted instance was loaded again and serves").isTrue();
    JsonObject instance = awaitInstances(list -> list.stream().anyMatch(i -> i.getString("instanceId").equals("development-3")
        && i.getJsonArray("versions").size() == 2)).stream()
        .filter(i -> i.getString("instanceId").equals("development-3")).findFirst().orElseThrow();
    assertThat(instance.getJsonArray("versions")).contains(new JsonObject().put("workflow", "orders").put("version", "1.0.0"),
        new JsonObject().put("workflow", "orders").put("version", "1.1.0"));
  }

  @Test
  @Order(7)
  void aRetriedDeploymentRequestStartsOneDeployment() {
    Map<String, String> key = Map.of("Idempotency-Key", "deploy-once", "Content-Type", "application/json");
    Buffer request = Buffer.buffer(new JsonObject().put("workflow", "orders").put("version", "1.0.0").encode());
    Reply first = suite.send(HttpMethod.POST, "/api/v1/environments/development/deployments", TOKEN, request, key);
    Reply retry = suite.send(HttpMethod.POST, "/api/v1/environments/development/deployments", TOKEN, request, key);
    assertThat(first.status()).as(first.toString()).isEqualTo(202);
    assertThat(retry.status()).isEqualTo(202);
    assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(retry.json().getString("id")).isEqualTo(first.json().getString("id"));
    List<JsonObject> deployments = suite.get("/api/v1/deployments?workflow=orders&environment=development", TOKEN).items();
    assertThat(deployments).hasSize(3);
  }

  @Test
  @Order(8)
  void aDeploymentWithNowhereToGoHoldsItsWorkflowThenFailsSayingWhy() {
    JsonObject request = new JsonObject().put("workflow", "orders").put("version", "1.0.0");
    Reply accepted = suite.post("/api/v1/environments/staging/deployments", TOKEN, request); // staging has no engines here
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    Reply second = suite.post("/api/v1/environments/staging/deployments", TOKEN, request);
    assertThat(second.isProblem(409)).as(second.toString()).isTrue();
    Reply byHand = suite.send(HttpMethod.PUT, "/api/v1/environments/staging/workflows/orders/routing", TOKEN,
        Buffer.buffer("{\"routes\": [{\"version\": \"1.0.0\", \"weight\": 100}]}"), Map.of());
    assertThat(byHand.isProblem(409)).as(byHand.toString()).isTrue();
    String id = accepted.json().getString("id");
    long deadline = System.currentTimeMillis() + 15_000;
    JsonObject deployment;
    do {
      deployment = suite.get("/api/v1/deployments/" + id, TOKEN).json();
    } while (List.of("in_progress", "rolling_back").contains(deployment.getString("status"))
        && System.currentTimeMillis() < deadline && pause(200));
    assertThat(deployment.getString("status")).isEqualTo("failed");
    assertThat(deployment.getString("failure")).contains("no healthy engine instance in staging");
    assertThat(deployment.getJsonArray("steps").getJsonObject(0).getString("status")).isEqualTo("failed");
    assertThat(suite.post("/api/v1/environments/staging/deployments", TOKEN, request).status())
        .as("the workflow is free again").isEqualTo(202);
  }
}
