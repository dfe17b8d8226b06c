package io.axon.deploy.standalone;

import static io.axon.deploy.standalone.ProgressiveDeliveryTest.awaitInstances;
import static io.axon.deploy.standalone.ProgressiveDeliveryTest.awaitStatus;
import static io.axon.deploy.standalone.ProgressiveDeliveryTest.awaitTrue;
import static io.axon.deploy.standalone.ProgressiveDeliveryTest.pause;
import static io.axon.deploy.standalone.ProgressiveDeliveryTest.publish;
import static io.axon.deploy.standalone.ProgressiveDeliveryTest.startEngine;
import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.engine.Engines.RunningEngine;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Self-healing end to end on the standalone suite, under a steady 200 executions a second: the
 * development environment's automatic rollback policy watches every deployment (error rate, p95
 * latency, health, a custom metric), and each bad version is rolled back with nobody watching, while
 * healthy canaries with the same noise as their stable version are never rolled back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutomaticRollbackTest {
  private static final String TOKEN = RunningSuite.ADMIN_TOKEN;
  private static final String EXECUTIONS = "/api/v1/environments/development/workflows/payments/executions";
  /** Every version fails this share of its executions, the stable one too: the noise a healthy canary must not be blamed for. */
  private static final double NOISE = 0.02;
  private RunningSuite suite;
  private final List<RunningEngine> engines = new ArrayList<>();
  private GatedEngine troubled;
  private SteadyLoad load;

  @BeforeAll
  void start() {
    suite = RunningSuite.start();
    engines.add(startEngine(suite, "development-1", "development"));
    engines.add(startEngine(suite, "development-2", "development"));
    troubled = GatedEngine.start(suite, "development-3", "development");
    assertThat(suite.post("/api/v1/workflows", TOKEN, new JsonObject().put("key", "payments").put("name", "Payments"))
        .status()).isEqualTo(201);
    publish(suite, "payments", "1.0.0", definition("1.0.0", NOISE, 0));
    publish(suite, "payments", "1.1.0", definition("1.1.0", 0.3, 0));
    publish(suite, "payments", "1.2.0", definition("1.2.0", NOISE, 0));
    publish(suite, "payments", "1.2.1", definition("1.2.1", NOISE, 0));
    publish(suite, "payments", "1.2.2", definition("1.2.2", NOISE, 0));
    publish(suite, "payments", "1.3.0", definition("1.3.0", NOISE, 0));
    publish(suite, "payments", "1.4.0", definition("1.4.0", NOISE, 0));
    publish(suite, "payments", "1.5.0", definition("1.5.0", NOISE, 1_200));
    publish(suite, "payments", "1.6.0", definition("1.6.0", NOISE, 0));
    publish(suite, "payments", "1.7.0", definition("1.7.0", NOISE, 0));
    awaitInstances(suite, "development", 3);
    watchEveryDeployment();
    JsonObject stable = deployAndWait("1.0.0", "immediate", "succeeded");
    assertThat(stable.getString("status")).as(stable.encodePrettily()).isEqualTo("succeeded");
    load = new SteadyLoad(suite.port(), EXECUTIONS, TOKEN).start(200);
    pause(2_000);
  }

  @AfterAll
  void stop() {
    if (load != null) {
      load.close();
    }
    if (troubled != null) {
      troubled.close();
    }
    suite.close();
  }

  /** start → charge (fails {@code failing} of the executions) → wait {@code delayMs} → done, marked with its version. */
  static JsonObject definition(String marker, double failing, long delayMs) {
    JsonArray nodes = new JsonArray()
        .add(new JsonObject().put("id", "start").put("type", "trigger"))
        .add(new JsonObject().put("id", "charge").put("type", "fail")
            .put("config", new JsonObject().put("probability", failing).put("message", "card declined")))
        .add(new JsonObject().put("id", "wait").put("type", "delay").put("config", new JsonObject().put("ms", delayMs)))
        .add(new JsonObject().put("id", "done").put("type", "transform")
            .put("config", new JsonObject().put("set", new JsonObject().put("status", "ok").put("marker", marker))));
    JsonArray connections = new JsonArray()
        .add(new JsonObject().put("id", "c1").put("from", "start").put("to", "charge"))
        .add(new JsonObject().put("id", "c2").put("from", "charge").put("to", "wait"))
        .add(new JsonObject().put("id", "c3").put("from", "wait").put("to", "done"));
    return new JsonObject().put("nodes", nodes).put("connections", connections);
  }

  private void watchEveryDeployment() {
    Reply current = suite.get("/api/v1/environments/development", TOKEN);
    JsonObject environment = current.json();
    environment.getJsonObject("restrictions").put("rollbackPolicy", new JsonObject()
        .put("automatic", new JsonObject().put("enabled", true).put("timeout", 5_000).put("triggers", new JsonArray()
            .add(trigger("error_rate", 0.05, 2_000, 20, null))
            .add(trigger("response_time", 800, 2_000, 20, "p95"))
            .add(trigger("health_check", 80, 2_000, 2, null))
            .add(trigger("custom_metric", 10, 5_000, 5, "checkout.declines"))))
        .put("manual", new JsonObject().put("enabled", true).put("approvalRequired", false)));
    Reply replaced = suite.send(HttpMethod.PUT, "/api/v1/environments/development", TOKEN,
        Buffer.buffer(environment.encode()), Map.of("If-Match", current.etag()));
    assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
  }

  private static JsonObject trigger(String type, double threshold, long duration, int minSamples, String metric) {
    JsonObject trigger = new JsonObject().put("type", type).put("threshold", threshold).put("duration", duration)
        .put("minSamples", minSamples);
    return metric == null ? trigger : trigger.put("metric", metric);
  }

  private Reply deploy(String version, Object strategy) {
    return suite.post("/api/v1/environments/development/deployments", TOKEN,
        new JsonObject().put("workflow", "payments").put("version", version).put("strategy", strategy).put("reason", "test"));
  }

  private JsonObject deployAndWait(String version, Object strategy, String until) {
    Reply accepted = deploy(version, strategy);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    return awaitStatus(suite, accepted.json().getString("id"), until::equals, 60_000);
  }

  /** A canary at {@code weight}% that then waits for a promote. */
  private static JsonObject heldCanary(int weight) {
    return new JsonObject().put("type", "canary").put("steps", new JsonArray()
        .add(new JsonObject().put("setWeight", weight)).add(new JsonObject().put("pause", new JsonObject())));
  }

  private JsonArray routes() {
    return suite.get("/api/v1/environments/development/workflows/payments/routing", TOKEN).json().getJsonArray("routes");
  }

  private boolean allTrafficOn(String version) {
    return routes().stream().map(JsonObject.class::cast)
        .allMatch(route -> route.getString("version").equals(version) ? route.getInteger("weight") == 100
            : route.getInteger("weight") == 0);
  }

  /** Waits for the deployment to be rolled back by a trigger of {@code type}; answers the trigger. */
  private JsonObject awaitRolledBackBy(String id, String type) {
    JsonObject done = awaitStatus(suite, id, "rolled_back"::equals, 30_000);
    assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("rolled_back");
    JsonObject trigger = done.getJsonObject("rollback").getJsonObject("trigger");
    assertThat(trigger).as(done.encodePrettily()).isNotNull();
    assertThat(trigger.getString("type")).as(trigger.encodePrettily()).isEqualTo(type);
    assertThat(trigger.getString("verdict")).isEqualTo("fail");
    assertThat(done.getString("failure")).contains("rollback trigger " + type + " fired");
    assertThat(suite.get("/api/v1/audit?subject=deployments/" + id, TOKEN).items())
        .anySatisfy(record -> {
          assertThat(record.getString("action")).isEqualTo("deployment.rollback.automatic");
          assertThat(record.getString("actor", record.encode())).contains("monitor");
        });
    return trigger;
  }

  @Test
  @Order(1)
  void aCanaryFailingThirtyPercentIsRolledBackByItselfAndAllTrafficIsOnTheStableVersionAgain() {
    Reply accepted = deploy("1.1.0", heldCanary(10));
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    String id = accepted.json().getString("id");
    JsonObject trigger = awaitRolledBackBy(id, "error_rate");
    JsonObject observed = trigger.getJsonObject("observed");
    assertThat(observed.getString("version")).isEqualTo("1.1.0");
    assertThat(observed.getLong("count")).isGreaterThanOrEqualTo(20);
    assertThat(observed.getDouble("errorRate")).isGreaterThan(0.05);
    assertThat(trigger.getJsonObject("baseline").getString("version")).isEqualTo("1.0.0");
    assertThat(trigger.getDouble("pValue")).isLessThan(0.0001);
    assertThat(allTrafficOn("1.0.0")).as(routes().encodePrettily()).isTrue();
    pause(1_000);
    int canaryServed = load.servedBy("1.1.0");
    pause(2_000);
    assertThat(load.servedBy("1.1.0")).as("executions served by the rolled-back canary afterwards").isEqualTo(canaryServed);
  }

  @Test
  @Order(2)
  void healthyCanariesWithTheSameNoiseAsTheirStableVersionAreNeverRolledBack() {
    for (String version : List.of("1.2.0", "1.2.1", "1.2.2", "1.3.0", "1.4.0")) {
      JsonObject strategy = new JsonObject().put("type", "canary").put("steps", new JsonArray()
          .add(new JsonObject().put("setWeight", 10)).add(new JsonObject().put("pause", new JsonObject().put("duration", 5_000)))
          .add(new JsonObject().put("setWeight", 30))
          .add(new JsonObject().put("analysis", new JsonObject().put("duration", 3_000).put("minSamples", 50)))
          .add(new JsonObject().put("setWeight", 60)).add(new JsonObject().put("pause", new JsonObject().put("duration", 3_000))));
      JsonObject done = deployAndWait(version, strategy, "succeeded");
      assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("succeeded");
      JsonObject analysis = done.getJsonArray("steps").getJsonObject(4).getJsonObject("detail").getJsonObject("analysis");
      assertThat(analysis.getString("verdict")).as(done.encodePrettily()).isEqualTo("pass");
      assertThat(analysis.getJsonObject("canary").getLong("count")).isGreaterThanOrEqualTo(50);
    }
    pause(3_000); // and not rolled back in the watch after it succeeded either
    assertThat(allTrafficOn("1.4.0")).as(routes().encodePrettily()).isTrue();
  }

  @Test
  @Order(3)
  void aSlowCanaryTripsResponseTime() {
    Reply accepted = deploy("1.5.0", heldCanary(10));
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    JsonObject trigger = awaitRolledBackBy(accepted.json().getString("id"), "response_time");
    assertThat(trigger.getDouble("value")).isGreaterThan(800);
    assertThat(trigger.getString("test")).isEqualTo("Mann-Whitney U test");
    assertThat(allTrafficOn("1.4.0")).as(routes().encodePrettily()).isTrue();
  }

  @Test
  @Order(4)
  void aCustomMetricTripsCustomMetric() {
    Reply accepted = deploy("1.6.0", heldCanary(20));
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    String id = accepted.json().getString("id");
    assertThat(awaitStatus(suite, id, "paused"::equals, 20_000).getString("status")).isEqualTo("paused");
    pause(6_000);
    assertThat(awaitStatus(suite, id, "paused"::equals, 0).getString("status")).as("no samples, no verdict").isEqualTo("paused");
    JsonArray samples = new JsonArray();
    for (int i = 0; i < 30; i++) {
      samples.add(sample("1.4.0", 1 + i % 3));
    }
    for (int i = 0; i < 10; i++) {
      samples.add(sample("1.6.0", 40 + i));
    }
    Reply taken = suite.post("/api/v1/metrics", TOKEN, new JsonObject().put("samples", samples));
    assertThat(taken.status()).as(taken.toString()).isEqualTo(200);
    assertThat(taken.json().getInteger("accepted")).isEqualTo(40);
    JsonObject trigger = awaitRolledBackBy(id, "custom_metric");
    assertThat(trigger.getString("metric")).isEqualTo("checkout.declines");
    assertThat(trigger.getDouble("value")).isEqualTo(44.5);
    assertThat(trigger.getDouble("baselineValue")).isEqualTo(2.0);
    assertThat(allTrafficOn("1.4.0")).as(routes().encodePrettily()).isTrue();
  }

  @Test
  @Order(5)
  void anInstanceWhoseHealthDropsAfterTheDeploymentSucceededTripsHealthCheck() {
    JsonObject done = deployAndWait("1.7.0", "immediate", "succeeded");
    assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("succeeded");
    troubled.scoreHealth(40);
    try {
      JsonObject trigger = awaitRolledBackBy(done.getString("id"), "health_check");
      assertThat(trigger.getDouble("value")).isEqualTo(40.0);
      assertThat(trigger.getLong("belowForMs")).isGreaterThanOrEqualTo(2_000);
      assertThat(allTrafficOn("1.4.0")).as(routes().encodePrettily()).isTrue();
    } finally {
      troubled.scoreHealth(null);
    }
  }

  @Test
  @Order(6)
  void aCanaryNeverMovesPastAnAnalysisWithoutEnoughExecutionsAndItsProgressDeadlineEndsIt() {
    JsonObject strategy = new JsonObject().put("type", "canary").put("maxDuration", 5_000).put("steps", new JsonArray()
        .add(new JsonObject().put("setWeight", 10))
        .add(new JsonObject().put("analysis", new JsonObject().put("duration", 1_000).put("minSamples", 1_000_000))));
    Reply accepted = deploy("1.2.0", strategy);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    String id = accepted.json().getString("id");
    awaitTrue(() -> String.valueOf(suite.get("/api/v1/deployments/" + id, TOKEN).json().getString("message"))
        .contains("analysis at step 3 waits: too few executions to judge"), 5_000, "the reason the canary waits");
    JsonObject waiting = suite.get("/api/v1/deployments/" + id, TOKEN).json().getJsonArray("steps").getJsonObject(2);
    assertThat(waiting.getJsonObject("detail").getJsonObject("analysis").getString("verdict")).isEqualTo("inconclusive");
    JsonObject done = awaitStatus(suite, id, "failed"::equals, 30_000);
    assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("failed");
    assertThat(done.getString("failure")).contains("progress deadline");
    JsonObject analysis = done.getJsonArray("steps").getJsonObject(2);
    assertThat(analysis.getString("name")).isEqualTo("analysis");
    assertThat(analysis.getString("status")).as("never passed on too few executions").isNotEqualTo("succeeded");
    assertThat(allTrafficOn("1.4.0")).as(routes().encodePrettily()).isTrue();
    assertThat(suite.get("/metrics", null).text()).contains("axon_rollback_triggers_fired_total");
  }

  @Test
  @Order(7)
  void badSamplesAreRefusedWithEveryProblemAndNothingKept() {
    Reply refused = suite.post("/api/v1/metrics", TOKEN, new JsonObject().put("samples", new JsonArray()
        .add(sample("1.4.0", 1)).add(new JsonObject().put("metric", "bad name!").put("value", "high")
            .put("environment", "development").put("workflow", "payments"))));
    assertThat(refused.isProblem(422) || refused.isProblem(400)).as(refused.toString()).isTrue();
    assertThat(suite.post("/api/v1/metrics", TOKEN, new JsonObject().put("samples", new JsonArray())).status())
        .isIn(400, 422);
    assertThat(suite.post("/api/v1/metrics", TOKEN, new JsonObject().put("samples", 1e308)).status()).isIn(400, 422);
    Reply viewer = suite.post("/api/v1/tokens", TOKEN, new JsonObject().put("user", "val").put("roles", new JsonArray().add("viewer")));
    assertThat(suite.post("/api/v1/metrics", viewer.json().getString("token"),
        new JsonObject().put("samples", new JsonArray().add(sample("1.4.0", 1)))).status()).isEqualTo(403);
  }

  private static JsonObject sample(String version, double value) {
    return new JsonObject().put("metric", "checkout.declines").put("value", value).put("environment", "development")
        .put("workflow", "payments").put("version", version);
  }
}
