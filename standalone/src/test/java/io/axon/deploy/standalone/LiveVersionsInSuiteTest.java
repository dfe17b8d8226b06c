package io.axon.deploy.standalone;

import static io.axon.deploy.standalone.ProgressiveDeliveryTest.awaitInstances;
import static io.axon.deploy.standalone.ProgressiveDeliveryTest.awaitStatus;
import static io.axon.deploy.standalone.ProgressiveDeliveryTest.definition;
import static io.axon.deploy.standalone.ProgressiveDeliveryTest.pause;
import static io.axon.deploy.standalone.ProgressiveDeliveryTest.publish;
import static io.axon.deploy.standalone.ProgressiveDeliveryTest.startEngine;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The registry learns from the deployer which versions are live where, on the standalone suite with
 * two development engines: a live version (at any weight) cannot be archived until it drops out of
 * the routing table, and dependencies resolve against what is live in an environment and what its
 * instances offer, which the deployer's admission checks too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveVersionsInSuiteTest {
  private static final String TOKEN = RunningSuite.ADMIN_TOKEN;
  private RunningSuite suite;

  @BeforeAll
  void start() {
    suite = RunningSuite.start();
    for (int i = 1; i <= 2; i++) {
      startEngine(suite, "development-" + i, "development");
    }
    for (String workflow : List.of("orders", "billing", "checkout")) {
      assertThat(suite.post("/api/v1/workflows", TOKEN, new JsonObject().put("key", workflow).put("name", workflow)).status())
          .isEqualTo(201);
    }
    for (String version : List.of("1.0.0", "1.1.0", "1.2.0")) {
      publish(suite, "orders", version, definition(version, "ok"));
    }
    publish(suite, "billing", "1.0.0", definition("billing", "ok"));
    awaitInstances(suite, "development", 2);
  }

  @AfterAll
  void stop() {
    suite.close();
  }

  private Reply deploy(String workflow, String version) {
    return suite.post("/api/v1/environments/development/deployments", TOKEN, new JsonObject().put("workflow", workflow)
        .put("version", version).put("strategy", "immediate").put("reason", "test"));
  }

  private void deployAndWait(String workflow, String version) {
    Reply accepted = deploy(workflow, version);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    JsonObject done = awaitStatus(suite, accepted.json().getString("id"), "succeeded"::equals, 30_000);
    assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("succeeded");
  }

  private Reply archive(String version) {
    return suite.post("/api/v1/workflows/orders/versions/" + version + "/archive", TOKEN, new JsonObject().put("reason", "test"));
  }

  /** Asks again until {@code done} holds of the answer (the registry hears of a deployer's change a moment later), or 10 s pass. */
  private Reply until(java.util.function.Supplier<Reply> ask, Predicate<Reply> done) {
    long deadline = System.currentTimeMillis() + 10_000;
    Reply reply = ask.get();
    while (!done.test(reply) && System.currentTimeMillis() < deadline) {
      pause(100);
      reply = ask.get();
    }
    return reply;
  }

  private List<String> liveInDevelopment(String workflow) {
    return suite.sqlColumn("SELECT version FROM registry.live_versions WHERE environment = 'development' AND workflow = '"
        + workflow + "' ORDER BY precedence");
  }

  @Test
  @Order(1)
  void aDeployedVersionCannotBeArchivedAndTheRefusalNamesTheEnvironment() {
    deployAndWait("orders", "1.0.0");
    // the registry hears of the routing revision a moment after the deployer commits it: archiving
    // before then would succeed, so wait for the registry's record (the deployer's relay is prompt)
    ProgressiveDeliveryTest.awaitTrue(() -> liveInDevelopment("orders").contains("1.0.0"), 10_000, "the registry's record");
    Reply refused = archive("1.0.0");
    assertThat(refused.isProblem(409)).as(refused.toString()).isTrue();
    assertThat(refused.json().getString("detail")).contains("live in development (weight 100");
    assertThat(refused.errorPaths()).containsExactly("path/version");
  }

  @Test
  @Order(2)
  void theReplacedVersionKeptAtWeightZeroIsStillLiveAndOnceItDropsOutItCanBeArchived() {
    deployAndWait("orders", "1.1.0");
    JsonObject routing = suite.get("/api/v1/environments/development/workflows/orders/routing", TOKEN).json();
    assertThat(routing.getJsonArray("routes").stream().map(r -> ((JsonObject) r).getString("version") + "@"
        + ((JsonObject) r).getInteger("weight"))).containsExactly("1.1.0@100", "1.0.0@0");
    Reply rollbackTarget = until(() -> archive("1.0.0"), reply -> reply.status() == 409
        && reply.json().getString("detail").contains("weight 0"));
    assertThat(rollbackTarget.json().getString("detail")).as(rollbackTarget.toString())
        .contains("live in development (weight 0, kept loaded as the rollback target");

    deployAndWait("orders", "1.2.0");
    Reply archived = until(() -> archive("1.0.0"), reply -> reply.status() != 409);
    assertThat(archived.status()).as(archived.toString()).isEqualTo(200);
    assertThat(archived.json().getString("status")).isEqualTo("archived");
    assertThat(archive("1.1.0").status()).as("1.1.0 is the rollback target now").isEqualTo(409);
  }

  @Test
  @Order(3)
  void theRegistryKeepsWhatIsLiveInItsOwnTables() {
    assertThat(liveInDevelopment("orders")).containsExactly("1.1.0", "1.2.0");
    assertThat(suite.sqlColumn("SELECT revision FROM registry.routing_revisions WHERE environment = 'development'"
        + " AND workflow = 'orders'")).containsExactly(suite.get("/api/v1/environments/development/workflows/orders/routing",
            TOKEN).json().getLong("revision").toString());
  }

  @Test
  @Order(4)
  void dependenciesResolveAgainstWhatIsLiveInTheEnvironmentAndWhatItsInstancesOffer() {
    Reply created = suite.post("/api/v1/workflows/checkout/versions", TOKEN, new JsonObject().put("version", "1.0.0")
        .put("definition", definition("checkout", "ok")).put("title", "checkout").put("dependencies", new JsonArray()
            .add(dependency("workflow", "billing", "^1.0.0"))
            .add(dependency("node", "transform", "^1.0.0"))
            .add(dependency("node", "http", "^2.0.0"))
            .add(dependency("library", "vertx", ">=5.0.0"))));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String path = "/api/v1/workflows/checkout/versions/1.0.0/dependencies";

    JsonObject anywhere = suite.get(path, TOKEN).json();
    assertThat(names(anywhere.getJsonArray("resolved"))).contains("billing");

    JsonObject development = suite.get(path + "?environment=development", TOKEN).json();
    assertThat(development.getString("environment")).isEqualTo("development");
    assertThat(names(development.getJsonArray("resolved"))).containsExactlyInAnyOrder("transform", "vertx");
    assertThat(reasons(development)).containsOnlyKeys("billing", "http");
    assertThat(reasons(development).get("billing")).isEqualTo("no version of workflow billing is live in development");
    assertThat(reasons(development).get("http")).startsWith("2 of the 2 healthy instance(s) of development do not offer node http ^2.0.0")
        .contains("development-1 offers 1.0.0");

    Reply refused = deploy("checkout", "1.0.0");
    assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
    assertThat(refused.json().getString("detail")).contains("do not resolve in development")
        .contains("workflow billing ^1.0.0").contains("node http ^2.0.0");

    deployAndWait("billing", "1.0.0");
    JsonObject deployed = until(() -> suite.get(path + "?environment=development", TOKEN),
        reply -> !reasons(reply.json()).containsKey("billing")).json();
    assertThat(reasons(deployed)).containsOnlyKeys("http");
    assertThat(deployed.getJsonArray("resolved").stream().map(JsonObject.class::cast)
        .filter(r -> r.getJsonObject("dependency").getString("name").equals("billing"))
        .map(r -> r.getString("resolvedVersion"))).containsExactly("1.0.0");

    Reply unknown = suite.get(path + "?environment=nowhere", TOKEN);
    assertThat(unknown.isProblem(404)).as(unknown.toString()).isTrue();
    assertThat(unknown.errorPaths()).containsExactly("query/environment");
  }

  private static JsonObject dependency(String type, String name, String constraint) {
    return new JsonObject().put("type", type).put("name", name).put("constraint", constraint);
  }

  private static List<String> names(JsonArray resolved) {
    return resolved.stream().map(r -> ((JsonObject) r).getJsonObject("dependency").getString("name")).toList();
  }

  private static java.util.Map<String, String> reasons(JsonObject resolution) {
    java.util.Map<String, String> reasons = new java.util.TreeMap<>();
    resolution.getJsonArray("missing").forEach(m -> reasons.put(((JsonObject) m).getString("name"), ((JsonObject) m).getString("reason")));
    return reasons;
  }
}
