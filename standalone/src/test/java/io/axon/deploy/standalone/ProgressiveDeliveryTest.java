package io.axon.deploy.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.engine.EngineSettings;
import io.axon.deploy.engine.Engines;
import io.axon.deploy.engine.Engines.RunningEngine;
import io.axon.deploy.engine.nodes.Gateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Canary, blue-green and rolling deployments end to end on the standalone suite, each under a
 * steady 200 executions a second through the gateway: switching between two healthy versions fails
 * no execution. Then the controls (pause, resume, promote, abort, rollback) and the progress deadline.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProgressiveDeliveryTest {
  static final String TOKEN = RunningSuite.ADMIN_TOKEN;
  private static final String EXECUTIONS = "/api/v1/environments/development/workflows/orders/executions";
  private RunningSuite suite;
  private final List<RunningEngine> engines = new ArrayList<>();

  @BeforeAll
  void start() {
    suite = RunningSuite.start();
    for (int i = 1; i <= 3; i++) {
      engines.add(startEngine(suite, "development-" + i, "development"));
    }
    assertThat(suite.post("/api/v1/workflows", TOKEN, new JsonObject().put("key", "orders").put("name", "Orders")).status())
        .isEqualTo(201);
    for (String version : List.of("1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0", "1.5.0", "1.6.0")) {
      publish(suite, "orders", version, definition(version, "ok"));
    }
    publish(suite, "orders", "1.7.0", definition("1.7.0", "broken"));
    publish(suite, "orders", "1.8.0", definition("1.8.0", "ok"));
    awaitInstances(suite, "development", 3);
    assertThat(deployAndWait("1.0.0", "immediate", "succeeded").getString("status")).isEqualTo("succeeded");
  }

  @AfterAll
  void stop() {
    suite.close();
  }

  static RunningEngine startEngine(RunningSuite suite, String id, String environment) {
    return Engines.start(suite.vertx(), new EngineSettings(id, environment, "127.0.0.1", "127.0.0.1", 0, 1,
        new Gateway(Optional.of("http://127.0.0.1:" + suite.port()), Optional.of(TOKEN), environment), 256 * 1024,
        Optional.empty(), "port")).await();
  }

  /** A workflow whose output names its version; its smoke test expects {@code status: "ok"}, which a broken version does not give. */
  static JsonObject definition(String marker, String status) {
    return new JsonObject()
        .put("nodes", new JsonArray()
            .add(new JsonObject().put("id", "start").put("type", "trigger"))
            .add(new JsonObject().put("id", "enrich").put("type", "transform")
                .put("config", new JsonObject().put("set", new JsonObject().put("status", status).put("marker", marker)))))
        .put("connections", new JsonArray().add(new JsonObject().put("id", "c1").put("from", "start").put("to", "enrich")))
        .put("smokeTests", new JsonArray().add(new JsonObject().put("name", "happy path")
            .put("input", new JsonObject().put("orderId", "S1"))
            .put("expect", new JsonObject().put("status", "succeeded").put("output", new JsonObject().put("status", "ok")))));
  }

  static void publish(RunningSuite suite, String workflow, String version, JsonObject definition) {
    Reply created = suite.post("/api/v1/workflows/" + workflow + "/versions", TOKEN, new JsonObject().put("version", version)
        .put("definition", definition).put("title", workflow + " " + version).put("force", true));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(suite.post("/api/v1/workflows/" + workflow + "/versions/" + version + "/publish", TOKEN, new JsonObject())
        .status()).isEqualTo(200);
  }

  static void awaitInstances(RunningSuite suite, String environment, int healthy) {
    awaitTrue(() -> suite.get("/api/v1/environments/" + environment + "/instances", TOKEN).items().stream()
        .filter(i -> "healthy".equals(i.getString("status"))).count() >= healthy, 10_000, "instances of " + environment);
  }

  private Reply deploy(String version, Object strategy) {
    return suite.post("/api/v1/environments/development/deployments", TOKEN,
        new JsonObject().put("workflow", "orders").put("version", version).put("strategy", strategy).put("reason", "test"));
  }

  private JsonObject deployAndWait(String version, Object strategy, String until) {
    Reply accepted = deploy(version, strategy);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    return awaitStatus(suite, accepted.json().getString("id"), until::equals, 30_000);
  }

  static JsonObject awaitStatus(RunningSuite suite, String id, Predicate<String> status, long ms) {
    long deadline = System.currentTimeMillis() + ms;
    JsonObject deployment;
    do {
      deployment = suite.get("/api/v1/deployments/" + id, TOKEN).json();
    } while (!status.test(deployment.getString("status")) && System.currentTimeMillis() < deadline && pause(50));
    return deployment;
  }

  static void awaitTrue(java.util.function.BooleanSupplier condition, long ms, String what) {
    long deadline = System.currentTimeMillis() + ms;
    while (!condition.getAsBoolean()) {
      assertThat(System.currentTimeMillis()).as("waiting for " + what).isLessThan(deadline);
      pause(50);
    }
  }

  static boolean pause(long ms) {
    try {
      Thread.sleep(ms); // the test thread, never an event loop
      return true;
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonObject routing() {
    return suite.get("/api/v1/environments/development/workflows/orders/routing", TOKEN).json();
  }

  private static JsonArray routes(Object... versionsAndWeights) {
    JsonArray routes = new JsonArray();
    for (int i = 0; i < versionsAndWeights.length; i += 2) {
      routes.add(new JsonObject().put("version", versionsAndWeights[i]).put("weight", versionsAndWeights[i + 1]));
    }
    return routes;
  }

  private static List<JsonObject> weights(JsonObject routing) {
    return routing.getJsonArray("routes").stream().map(r -> new JsonObject()
        .put("version", ((JsonObject) r).getString("version")).put("weight", ((JsonObject) r).getInteger("weight"))).toList();
  }

  private SteadyLoad load() {
    return new SteadyLoad(suite.port(), EXECUTIONS, TOKEN).start(200);
  }

  @Test
  @Order(1)
  void aCanaryWithExplicitStepsWaitsAtAPauseForAPromoteAndFailsNoExecution() {
    JsonObject strategy = new JsonObject().put("type", "canary").put("steps", new JsonArray()
        .add(new JsonObject().put("setWeight", 20))
        .add(new JsonObject().put("pause", new JsonObject().put("duration", 1_000)))
        .add(new JsonObject().put("setWeight", 50))
        .add(new JsonObject().put("pause", new JsonObject())));
    try (SteadyLoad load = load()) {
      pause(500);
      Reply accepted = deploy("1.1.0", strategy);
      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
      String id = accepted.json().getString("id");
      JsonObject held = awaitStatus(suite, id, "paused"::equals, 20_000);
      assertThat(held.getString("status")).as(held.encodePrettily()).isEqualTo("paused");
      assertThat(held.getString("message")).contains("waiting for a promote");
      assertThat(weights(routing())).containsExactlyInAnyOrder(
          new JsonObject().put("version", "1.1.0").put("weight", 50), new JsonObject().put("version", "1.0.0").put("weight", 50));
      pause(1_000);
      int before = load.servedBy("1.1.0");
      assertThat(before).as(load.toString()).isPositive();

      Map<String, String> once = Map.of("Idempotency-Key", "promote-" + id);
      Reply promoted = suite.send(HttpMethod.POST, "/api/v1/deployments/" + id + "/promote", TOKEN, Buffer.buffer("{}"), once);
      assertThat(promoted.status()).as(promoted.toString()).isEqualTo(200);
      Reply replayed = suite.send(HttpMethod.POST, "/api/v1/deployments/" + id + "/promote", TOKEN, Buffer.buffer("{}"), once);
      assertThat(replayed.status()).as("a retried promote gets the first answer, not a 409: " + replayed).isEqualTo(200);
      assertThat(replayed.json()).isEqualTo(promoted.json());
      JsonObject done = awaitStatus(suite, id, "succeeded"::equals, 20_000);
      assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("succeeded");
      assertThat(done.getJsonArray("traffic")).containsExactly(new JsonObject().put("version", "1.1.0").put("weight", 100));
      assertThat(done.getJsonArray("steps").stream().map(s -> ((JsonObject) s).getString("name")))
          .containsExactly("load", "set-weight", "pause", "set-weight", "pause", "switch");
      pause(500);
      load.close();
      assertThat(load.failed()).as(load.toString()).isZero();
      assertThat(load.succeeded()).isGreaterThan(600);
      assertThat(suite.get("/api/v1/audit?subject=deployments/" + id, TOKEN).items())
          .extracting(r -> r.getString("action")).containsOnlyOnce("deployment.promote").contains("deployment.create");
    }
  }

  @Test
  @Order(2)
  void aBlueGreenDeploymentPreviewsChecksAndSwitchesAtOnceKeepingTheOldVersion() {
    JsonObject strategy = new JsonObject().put("type", "blue-green").put("healthCheckTimeout", 10_000)
        .put("switchTrafficDelay", 500).put("keepOldVersion", true);
    try (SteadyLoad load = load()) {
      pause(500);
      JsonObject done = deployAndWait("1.2.0", strategy, "succeeded");
      assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("succeeded");
      assertThat(done.getJsonArray("steps").stream().map(s -> ((JsonObject) s).getString("name")))
          .containsExactly("load", "preview", "health-check", "smoke-tests", "pause", "switch");
      JsonObject smoke = done.getJsonArray("steps").getJsonObject(3);
      assertThat(smoke.getJsonObject("detail").getInteger("passed")).isEqualTo(1);
      assertThat(weights(routing())).containsExactly(new JsonObject().put("version", "1.2.0").put("weight", 100),
          new JsonObject().put("version", "1.1.0").put("weight", 0));
      assertThat(routing().getString("preview")).isNull();
      pause(500);
      load.close();
      assertThat(load.failed()).as(load.toString()).isZero();
      assertThat(load.servedBy("1.2.0")).isPositive();
    }
  }

  @Test
  @Order(3)
  void aBlueGreenVersionFailingItsSmokeTestsNeverTakesTraffic() {
    JsonObject done = deployAndWait("1.7.0", new JsonObject().put("type", "blue-green"), "failed");
    assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("failed");
    assertThat(done.getString("failure")).contains("smoke tests failed").contains("happy path");
    assertThat(weights(routing())).extracting(w -> w.getString("version")).doesNotContain("1.7.0");
    assertThat(routing().getString("preview")).isNull();
    assertThat(weights(routing())).contains(new JsonObject().put("version", "1.2.0").put("weight", 100));
  }

  @Test
  @Order(4)
  void aRollingDeploymentMovesTheInstancesBatchByBatchAndFailsNoExecution() {
    JsonObject strategy = new JsonObject().put("type", "rolling").put("batchSize", 1).put("batchDelay", 300)
        .put("healthCheckInterval", 200);
    try (SteadyLoad load = load()) {
      pause(500);
      JsonObject done = deployAndWait("1.3.0", strategy, "succeeded");
      assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("succeeded");
      assertThat(done.getJsonArray("steps").stream().map(s -> ((JsonObject) s).getString("name")))
          .containsExactly("batch", "pause", "batch", "pause", "batch", "switch");
      List<Integer> revisions = done.getJsonArray("steps").stream().map(s -> (JsonObject) s)
          .filter(s -> s.getString("name").equals("batch")).map(s -> s.getJsonObject("detail").getInteger("revision")).toList();
      assertThat(revisions).isSorted().doesNotHaveDuplicates();
      pause(500);
      load.close();
      assertThat(load.failed()).as(load.toString()).isZero();
      assertThat(load.servedBy("1.3.0")).isPositive();
    }
    awaitTrue(() -> routing().getJsonObject("hosts").getJsonArray("1.3.0", new JsonArray()).size() == 3, 10_000,
        "1.3.0 on every instance");
  }

  @Test
  @Order(5)
  void aRollingDeploymentAbortedMidwayRevertsItsBatchesOneByOne() {
    JsonObject strategy = new JsonObject().put("type", "rolling").put("batchSize", 1).put("batchDelay", 60_000);
    try (SteadyLoad load = load()) {
      Reply accepted = deploy("1.8.0", strategy);
      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
      String id = accepted.json().getString("id");
      awaitTrue(() -> routing().getJsonObject("hosts").getJsonArray("1.8.0", new JsonArray()).size() == 1, 10_000,
          "the first batch on 1.8.0");
      assertThat(weights(routing())).containsExactlyInAnyOrder(new JsonObject().put("version", "1.8.0").put("weight", 33),
          new JsonObject().put("version", "1.3.0").put("weight", 67));
      pause(500);
      Reply aborted = suite.post("/api/v1/deployments/" + id + "/abort", TOKEN, new JsonObject());
      assertThat(aborted.status()).as(aborted.toString()).isEqualTo(200);
      JsonObject done = awaitStatus(suite, id, "aborted"::equals, 15_000);
      assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("aborted");
      assertThat(done.getJsonArray("steps").stream().map(s -> ((JsonObject) s).getString("name") + " "
          + ((JsonObject) s).getString("status")))
          .containsExactly("batch succeeded", "pause skipped", "batch skipped", "pause skipped", "batch skipped",
              "switch skipped", "revert-batch succeeded", "restore succeeded");
      assertThat(weights(routing())).containsExactly(new JsonObject().put("version", "1.3.0").put("weight", 100));
      pause(500);
      load.close();
      assertThat(load.failed()).as(load.toString()).isZero();
      assertThat(load.servedBy("1.8.0")).isPositive();
    }
  }

  @Test
  @Order(6)
  void pauseResumeAndAbortACanaryUnderLoad() {
    JsonObject strategy = new JsonObject().put("type", "canary").put("trafficPercentage", 30).put("incrementPercentage", 30)
        .put("incrementInterval", 60_000);
    try (SteadyLoad load = load()) {
      Reply accepted = deploy("1.4.0", strategy);
      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
      String id = accepted.json().getString("id");
      awaitTrue(() -> weights(routing()).contains(new JsonObject().put("version", "1.4.0").put("weight", 30)), 10_000,
          "the canary at 30%");
      Reply paused = suite.post("/api/v1/deployments/" + id + "/pause", TOKEN, new JsonObject());
      assertThat(paused.status()).as(paused.toString()).isEqualTo(200);
      assertThat(paused.json().getString("status")).isEqualTo("paused");
      assertThat(paused.json().getString("pausedAt")).isNotNull();
      assertThat(suite.post("/api/v1/deployments/" + id + "/pause", TOKEN, new JsonObject()).isProblem(409)).isTrue();
      String deadlineBefore = paused.json().getString("deadline");
      pause(300);
      Reply resumed = suite.post("/api/v1/deployments/" + id + "/resume", TOKEN, new JsonObject());
      assertThat(resumed.json().getString("status")).as(resumed.toString()).isEqualTo("in_progress");
      assertThat(java.time.Instant.parse(resumed.json().getString("deadline")))
          .as("time paused does not count").isAfter(java.time.Instant.parse(deadlineBefore).plusMillis(250));

      Reply aborted = suite.post("/api/v1/deployments/" + id + "/abort", TOKEN, new JsonObject().put("reason", "seen enough"));
      assertThat(aborted.status()).as(aborted.toString()).isEqualTo(200);
      JsonObject done = awaitStatus(suite, id, "aborted"::equals, 10_000);
      assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("aborted");
      assertThat(done.getString("failure")).contains("seen enough");
      assertThat(weights(routing())).containsExactly(new JsonObject().put("version", "1.3.0").put("weight", 100));
      pause(500);
      load.close();
      assertThat(load.failed()).as(load.toString()).isZero();
    }
  }

  @Test
  @Order(7)
  void theLastSuccessfulDeploymentRollsBackToTheVersionItReplaced() {
    JsonObject done = deployAndWait("1.5.0", "immediate", "succeeded");
    String id = done.getString("id");
    assertThat(done.getString("previousVersion")).isEqualTo("1.3.0");
    assertThat(suite.post("/api/v1/deployments/" + id + "/rollback", TOKEN, new JsonObject().put("targetVersion", "9.9.9"))
        .isProblem(404)).isTrue();
    assertThat(suite.post("/api/v1/deployments/" + id + "/rollback", TOKEN, new JsonObject().put("targetVersion", "x.y"))
        .isProblem(422)).isTrue();
    Reply rollback = suite.post("/api/v1/deployments/" + id + "/rollback", TOKEN, new JsonObject().put("reason", "latency"));
    assertThat(rollback.status()).as(rollback.toString()).isEqualTo(202);
    JsonObject rolledBack = awaitStatus(suite, id, "rolled_back"::equals, 10_000);
    assertThat(rolledBack.getString("status")).as(rolledBack.encodePrettily()).isEqualTo("rolled_back");
    assertThat(weights(routing())).containsExactly(new JsonObject().put("version", "1.3.0").put("weight", 100));
    assertThat(suite.post("/api/v1/deployments/" + id + "/rollback", TOKEN, new JsonObject()).isProblem(409)).isTrue();
  }

  @Test
  @Order(8)
  void aDeploymentPastItsProgressDeadlineRollsBackAndSaysWhy() {
    JsonObject strategy = new JsonObject().put("type", "canary").put("maxDuration", 1_500).put("steps", new JsonArray()
        .add(new JsonObject().put("setWeight", 10)).add(new JsonObject().put("pause", new JsonObject().put("duration", 60_000))));
    JsonObject done = deployAndWait("1.6.0", strategy, "failed");
    assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("failed");
    assertThat(done.getString("failure")).contains("progress deadline");
    assertThat(weights(routing())).containsExactly(new JsonObject().put("version", "1.3.0").put("weight", 100));
  }

  @Test
  @Order(9)
  void twoDeploymentsOfOneWorkflowAtOnceNeverBothRunAndASupersedeTakesOver() throws Exception {
    JsonObject strategy = new JsonObject().put("type", "canary").put("steps", new JsonArray()
        .add(new JsonObject().put("setWeight", 10)).add(new JsonObject().put("pause", new JsonObject())));
    var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<Reply>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        answers.add(pool.submit(() -> deploy("1.6.0", strategy)));
      }
      List<Integer> statuses = new ArrayList<>();
      for (var answer : answers) {
        statuses.add(answer.get().status());
      }
      assertThat(statuses).containsOnly(202, 409).filteredOn(s -> s == 202).hasSize(1);
    } finally {
      pool.shutdown();
    }
    Reply refused = deploy("1.5.0", "immediate");
    assertThat(refused.isProblem(409)).as(refused.toString()).isTrue();
    assertThat(refused.json().getString("detail")).contains("supersede");
    Reply superseding = suite.post("/api/v1/environments/development/deployments", TOKEN, new JsonObject()
        .put("workflow", "orders").put("version", "1.5.0").put("strategy", "immediate").put("supersede", true));
    assertThat(superseding.status()).as(superseding.toString()).isEqualTo(202);
    JsonObject done = awaitStatus(suite, superseding.json().getString("id"), "succeeded"::equals, 10_000);
    assertThat(done.getString("status")).isEqualTo("succeeded");
    assertThat(suite.get("/api/v1/deployments?workflow=orders&status=superseded", TOKEN).items()).hasSize(1);
    assertThat(weights(routing())).contains(new JsonObject().put("version", "1.5.0").put("weight", 100));
  }

  @Test
  @Order(10)
  void strategiesThatBreakTheirRulesAreRefusedWithEveryProblem() {
    Reply refused = deploy("1.6.0", new JsonObject().put("type", "canary").put("trafficPercentage", 0)
        .put("incrementInterval", -5).put("incrementIntervall", 5));
    assertThat(refused.isProblem(422)).as(refused.toString()).isTrue();
    assertThat(refused.errorPaths()).contains("/strategy/trafficPercentage", "/strategy/incrementInterval",
        "/strategy/incrementIntervall");
    Reply steps = deploy("1.6.0", new JsonObject().put("type", "canary").put("steps", new JsonArray()
        .add(new JsonObject().put("setWeight", 150)).add("pause")
        .add(new JsonObject().put("analysis", new JsonObject().put("minSamples", 0)))));
    assertThat(steps.isProblem(422)).as(steps.toString()).isTrue();
    assertThat(steps.errorPaths()).contains("/strategy/steps/0/setWeight", "/strategy/steps/1",
        "/strategy/steps/2/analysis/minSamples");
    assertThat(deploy("1.6.0", new JsonObject().put("type", "rolling").put("batchSize", "two")).isProblem(422)).isTrue();
    assertThat(deploy("1.6.0", new JsonObject().put("type", "warp")).isProblem(422)).isTrue();
    assertThat(deploy("1.6.0", 42).isProblem(400)).isTrue();
    assertThat(suite.post("/api/v1/deployments/" + java.util.UUID.randomUUID() + "/promote", TOKEN, new JsonObject())
        .isProblem(404)).isTrue();
  }
}
