package io.axon.deploy.standalone;

import static io.axon.deploy.standalone.ProgressiveDeliveryTest.awaitInstances;
import static io.axon.deploy.standalone.ProgressiveDeliveryTest.awaitStatus;
import static io.axon.deploy.standalone.ProgressiveDeliveryTest.pause;
import static io.axon.deploy.standalone.ProgressiveDeliveryTest.publish;
import static io.axon.deploy.standalone.ProgressiveDeliveryTest.startEngine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.axon.deploy.common.bus.Addresses;
import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.deployer.DeployerCommands;
import io.axon.deploy.common.error.ProblemException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Deployment metrics and version analytics end to end, against numbers worked out by hand. Failures
 * are deterministic: a condition sends inputs with {@code fail: true} to a {@code fail} node
 * ({@code charge}, probability 1). In development, 1.0.0 takes 40 executions (4 fail); a blue-green
 * deployment of 1.1.0 fails its smoke test (which sends {@code fail: true}) and rolls back; 1.1.0
 * deployed at once takes 60 executions (3 fail); 1.1.0 then goes to staging, replacing 1.0.0 there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsTest {
  private static final String TOKEN = RunningSuite.ADMIN_TOKEN;
  private static final String EXECUTIONS = "/api/v1/environments/development/workflows/payments/executions";
  private RunningSuite suite;
  private String failedBlueGreen;
  private String immediate;

  @BeforeAll
  void start() {
    suite = RunningSuite.start(RunningSuite.newDatabaseName(), Map.of("AXON_MONITOR_POLL_MS", "500"));
    startEngine(suite, "development-1", "development");
    startEngine(suite, "staging-1", "staging");
    assertThat(suite.post("/api/v1/workflows", TOKEN, new JsonObject().put("key", "payments").put("name", "Payments"))
        .status()).isEqualTo(201);
    publish(suite, "payments", "1.0.0", definition("1.0.0"));
    publish(suite, "payments", "1.1.0", definition("1.1.0"));
    awaitInstances(suite, "development", 1);
    awaitInstances(suite, "staging", 1);

    assertThat(deploy("development", "1.0.0", "immediate", "succeeded"::equals).getString("status")).isEqualTo("succeeded");
    assertThat(deploy("staging", "1.0.0", "immediate", "succeeded"::equals).getString("status")).isEqualTo("succeeded");
    execute(40, 4, "1.0.0");
    JsonObject blueGreen = deploy("development", "1.1.0", new JsonObject().put("type", "blue-green"), "failed"::equals);
    assertThat(blueGreen.getString("status")).as(blueGreen.encodePrettily()).isEqualTo("failed");
    assertThat(blueGreen.getJsonObject("rollback")).as(blueGreen.encodePrettily()).isNotNull();
    failedBlueGreen = blueGreen.getString("id");
    JsonObject done = deploy("development", "1.1.0", "immediate", "succeeded"::equals);
    assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("succeeded");
    immediate = done.getString("id");
    execute(60, 3, "1.1.0");
    assertThat(deploy("staging", "1.1.0", "immediate", "succeeded"::equals).getString("status")).isEqualTo("succeeded");
  }

  @AfterAll
  void stop() {
    suite.close();
  }

  /** Fails at node {@code charge} when the input says {@code fail: true}; its smoke test does. */
  private static JsonObject definition(String marker) {
    return new JsonObject()
        .put("nodes", new JsonArray()
            .add(new JsonObject().put("id", "start").put("type", "trigger"))
            .add(new JsonObject().put("id", "check").put("type", "condition")
                .put("config", new JsonObject().put("expression", "input.fail == true")))
            .add(new JsonObject().put("id", "charge").put("type", "fail")
                .put("config", new JsonObject().put("probability", 1).put("message", "card declined")))
            .add(new JsonObject().put("id", "done").put("type", "transform")
                .put("config", new JsonObject().put("set", new JsonObject().put("status", "ok").put("marker", marker)))))
        .put("connections", new JsonArray()
            .add(new JsonObject().put("id", "c1").put("from", "start").put("to", "check"))
            .add(new JsonObject().put("id", "c2").put("from", "check").put("to", "charge").put("fromPort", "true"))
            .add(new JsonObject().put("id", "c3").put("from", "check").put("to", "done").put("fromPort", "false")))
        .put("smokeTests", new JsonArray().add(new JsonObject().put("name", "declined card")
            .put("input", new JsonObject().put("fail", true)).put("expect", new JsonObject().put("status", "succeeded"))));
  }

  private JsonObject deploy(String environment, String version, Object strategy, Predicate<String> until) {
    Reply accepted = suite.post("/api/v1/environments/" + environment + "/deployments", TOKEN, new JsonObject()
        .put("workflow", "payments").put("version", version).put("strategy", strategy).put("reason", "analytics test"));
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    return awaitStatus(suite, accepted.json().getString("id"), until, 30_000);
  }

  /** {@code count} executions through the gateway, the first {@code failing} of them failing at charge. */
  private void execute(int count, int failing, String version) {
    for (int i = 0; i < count; i++) {
      Reply answer = suite.post(EXECUTIONS, TOKEN, new JsonObject().put("input", new JsonObject().put("fail", i < failing)));
      assertThat(answer.status()).as(answer.toString()).isEqualTo(i < failing ? 502 : 200);
      assertThat(answer.header("X-Axon-Version")).isEqualTo(version);
      if (i < failing) {
        assertThat(answer.json().getString("node")).isEqualTo("charge");
      }
    }
  }

  /** Polls {@code path} until {@code done} holds of its answer: gateways ship executions in small batches. */
  private JsonObject await(String path, Predicate<JsonObject> done) {
    long deadline = System.currentTimeMillis() + 15_000;
    Reply reply = suite.get(path, TOKEN);
    while (!(reply.status() == 200 && done.test(reply.json())) && System.currentTimeMillis() < deadline && pause(100)) {
      reply = suite.get(path, TOKEN);
    }
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json();
  }

  @Test
  void versionAnalyticsCountDeploymentsRatesAdoptionAndImpactAsWorkedOutByHand() {
    JsonObject analytics = await("/api/v1/workflows/payments/versions/1.1.0/analytics",
        a -> a.getDouble("adoptionRate") != null && a.getDouble("adoptionRate") == 0.6 && a.getDouble("errorImpact") != null);
    assertThat(analytics.getString("versionId")).isEqualTo("payments@1.1.0");
    assertThat(analytics.getInteger("deploymentCount")).isEqualTo(3);
    assertThat(analytics.getDouble("successRate")).isCloseTo(2.0 / 3, within(1e-9));
    assertThat(analytics.getDouble("rollbackRate")).isCloseTo(1.0 / 3, within(1e-9));
    assertThat(analytics.getDouble("adoptionRate")).isEqualTo(0.6);
    assertThat(analytics.getString("comparedWith")).isEqualTo("1.0.0");
    assertThat(analytics.getDouble("errorImpact")).isCloseTo(0.05 - 0.10, within(1e-9));
    assertThat(analytics.getDouble("averageDeploymentTime")).isPositive();
    assertThat(analytics.getDouble("performanceImpact")).isNotNull();
    assertThat(analytics.getLong("windowMs")).isEqualTo(300_000);
    assertThat(analytics.getJsonArray("recommendations")).containsExactly(new JsonObject().put("kind", "investigate")
        .put("message", "investigate node `charge`: 100% of its errors (3 of 3)"));

    JsonObject development = suite.get("/api/v1/workflows/payments/versions/1.1.0/analytics?environment=development",
        TOKEN).json();
    assertThat(development.getInteger("deploymentCount")).isEqualTo(2);
    assertThat(development.getDouble("successRate")).isEqualTo(0.5);
    assertThat(development.getDouble("rollbackRate")).isEqualTo(0.5);
    assertThat(development.getDouble("adoptionRate")).isEqualTo(0.6);

    JsonObject staging = suite.get("/api/v1/workflows/payments/versions/1.1.0/analytics?environment=staging", TOKEN).json();
    assertThat(staging.getInteger("deploymentCount")).isEqualTo(1);
    assertThat(staging.getDouble("successRate")).isEqualTo(1.0);
    assertThat(staging.getValue("adoptionRate")).isNull();
    assertThat(staging.getValue("errorImpact")).isNull();
  }

  @Test
  void theReplacedVersionsAnalyticsCountItsOwnTrafficAndErrors() {
    JsonObject analytics = await("/api/v1/workflows/payments/versions/1.0.0/analytics",
        a -> a.getDouble("adoptionRate") != null && a.getDouble("adoptionRate") == 0.4);
    assertThat(analytics.getInteger("deploymentCount")).isEqualTo(2);
    assertThat(analytics.getDouble("successRate")).isEqualTo(1.0);
    assertThat(analytics.getDouble("rollbackRate")).isEqualTo(0.0);
    assertThat(analytics.getValue("comparedWith")).isNull();
    assertThat(analytics.getJsonArray("recommendations")).containsExactly(new JsonObject().put("kind", "investigate")
        .put("message", "investigate node `charge`: 100% of its errors (4 of 4)"));
  }

  @Test
  void theImmediateDeploymentsMetricsCountItsExecutionsErrorsAndHostsHealth() {
    JsonObject metrics = await("/api/v1/deployments/" + immediate + "/metrics",
        m -> m.getJsonObject("performance").getLong("executions") == 60 && m.getJsonObject("errors").getLong("count") == 3);
    assertThat(metrics.getString("deploymentId")).isEqualTo(immediate);
    assertThat(metrics.getString("version")).isEqualTo("1.1.0");
    assertThat(metrics.getString("environment")).isEqualTo("development");
    assertThat(metrics.getString("status")).isEqualTo("succeeded");
    JsonObject errors = metrics.getJsonObject("errors");
    assertThat(errors.getDouble("rate")).isEqualTo(0.05);
    assertThat(errors.getJsonArray("topErrors")).containsExactly(new JsonObject().put("node", "charge").put("count", 3));
    JsonObject performance = metrics.getJsonObject("performance");
    assertThat(performance.getDouble("throughput")).isCloseTo(60_000.0 / metrics.getLong("windowMs"), within(1e-9));
    assertThat(performance.getJsonObject("latency").getDouble("p95")).isPositive();
    JsonObject health = metrics.getJsonObject("health");
    assertThat(health.getInteger("instances")).isEqualTo(1);
    assertThat(health.getDouble("overall")).isEqualTo(100.0);
    assertThat(health.getDouble("engine")).isEqualTo(100.0);
    assertThat(health.getDouble("database")).isEqualTo(100.0);
    assertThat(health.getDouble("externalServices")).isEqualTo(100.0);
    assertThat(health.getString("lastCheck")).isNotNull();
    assertThat(metrics.getJsonObject("rollbacks").getInteger("count")).isZero();
    JsonArray versions = metrics.getJsonArray("versions");
    assertThat(versions).hasSize(2);
    assertThat(versions.getJsonObject(0).getString("role")).isEqualTo("new");
    assertThat(versions.getJsonObject(0).getJsonObject("errors").getLong("count")).isEqualTo(3);
    assertThat(versions.getJsonObject(1).getString("version")).isEqualTo("1.0.0");
    assertThat(versions.getJsonObject(1).getString("role")).isEqualTo("previous");
  }

  @Test
  void aFailedDeploymentsMetricsShowItsRollback() {
    JsonObject metrics = suite.get("/api/v1/deployments/" + failedBlueGreen + "/metrics", TOKEN).json();
    assertThat(metrics.getString("status")).isEqualTo("failed");
    assertThat(metrics.getJsonObject("rollbacks").getInteger("count")).isEqualTo(1);
    assertThat(metrics.getJsonObject("rollbacks").getJsonObject("last").getString("endsAs")).isEqualTo("failed");
  }

  @Test
  void theDeployersHistoryFiltersByVersionAndEnvironmentNewestFirst() {
    BusClient bus = new BusClient(suite.vertx().eventBus(), 5_000);
    JsonObject all = bus.request(Addresses.DEPLOYER, DeployerCommands.DEPLOYMENT_HISTORY,
        new JsonObject().put("workflow", "payments"), "test", null).await().json();
    assertThat(all.getBoolean("truncated")).isFalse();
    assertThat(all.getJsonArray("items").stream().map(d -> ((JsonObject) d).getString("version")))
        .containsExactly("1.1.0", "1.1.0", "1.1.0", "1.0.0", "1.0.0");
    JsonObject development = bus.request(Addresses.DEPLOYER, DeployerCommands.DEPLOYMENT_HISTORY,
        new JsonObject().put("workflow", "payments").put("version", "1.1.0").put("environment", "development"), "test",
        null).await().json();
    assertThat(development.getJsonArray("items").stream().map(d -> ((JsonObject) d).getString("id")))
        .containsExactly(immediate, failedBlueGreen);
    assertThat(development.getJsonArray("items").getJsonObject(0).getString("previousVersion")).isEqualTo("1.0.0");
    assertThatThrownBy(() -> bus.request(Addresses.DEPLOYER, DeployerCommands.DEPLOYMENT_HISTORY, new JsonObject(),
            "test", null).await())
        .isInstanceOfSatisfying(ProblemException.class, problem -> assertThat(problem.problem().status()).isEqualTo(400));
  }

  @Test
  void unknownDeploymentsVersionsAndEnvironmentsAre404AndAMalformedIdIs400() {
    assertThat(suite.get("/api/v1/deployments/00000000-0000-0000-0000-000000000000/metrics", TOKEN).isProblem(404)).isTrue();
    assertThat(suite.get("/api/v1/deployments/" + "x".repeat(65) + "/metrics", TOKEN).isProblem(400)).isTrue();
    assertThat(suite.get("/api/v1/workflows/payments/versions/9.9.9/analytics", TOKEN).isProblem(404)).isTrue();
    assertThat(suite.get("/api/v1/workflows/nothing/versions/1.0.0/analytics", TOKEN).isProblem(404)).isTrue();
    assertThat(suite.get("/api/v1/workflows/payments/versions/1.1.0/analytics?environment=moon", TOKEN).isProblem(404))
        .isTrue();
    assertThat(suite.get("/api/v1/workflows/payments/versions/1.1.0/analytics", null).isProblem(401)).isTrue();
  }
}
