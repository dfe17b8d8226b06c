package io.axon.deploy.standalone;

import static io.axon.deploy.standalone.RunningSuite.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The WebSocket streams of deployment progress (DESIGN §3, §4) through a real WebSocket client
 * against the standalone suite, with one engine instance of development whose version loads the test
 * holds and lets through: a deployment stays in its first step while a subscriber looks at it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeploymentStreamsTest {
  private static final String SNAPSHOT = "axon.deployment.snapshot";
  private static final String STATUS_CHANGED = "axon.deployment.status-changed";
  private RunningSuite suite;
  private GatedEngine engine;
  private Vertx clients;
  private String finished;

  @BeforeAll
  void start() {
    suite = RunningSuite.start();
    engine = GatedEngine.start(suite, "development-1", "development");
    clients = Vertx.vertx();
    for (String workflow : List.of("orders", "alpha", "beta")) {
      assertThat(suite.post("/api/v1/workflows", ADMIN_TOKEN, new JsonObject().put("key", workflow).put("name", workflow)).status())
          .isEqualTo(201);
      assertThat(suite.post("/api/v1/workflows/" + workflow + "/versions", ADMIN_TOKEN,
          new JsonObject().put("version", "1.0.0").put("definition", Definitions.valid(workflow))).status()).isEqualTo(201);
      assertThat(suite.post("/api/v1/workflows/" + workflow + "/versions/1.0.0/publish", ADMIN_TOKEN, null).status()).isEqualTo(200);
    }
    long deadline = System.currentTimeMillis() + 10_000;
    while (suite.get("/api/v1/environments/development/instances", ADMIN_TOKEN).items().stream()
        .noneMatch(instance -> instance.getString("status").equals("healthy")) && System.currentTimeMillis() < deadline) {
      pause(100);
    }
  }

  @AfterAll
  void stop() {
    clients.close().await();
    engine.close();
    suite.close();
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms); // the test thread, never an event loop
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private String deploy(String workflow) {
    Reply accepted = suite.post("/api/v1/environments/development/deployments", ADMIN_TOKEN,
        new JsonObject().put("workflow", workflow).put("version", "1.0.0").put("strategy", "immediate"));
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    return accepted.json().getString("id");
  }

  private StreamSubscriber subscribe(String uri, String token) {
    return StreamSubscriber.connect(clients, suite.port(), uri, token);
  }

  private static Predicate<JsonObject> succeeded(String deploymentId) {
    return frame -> frame.getString("type").equals(STATUS_CHANGED) && frame.getString("subject").equals("deployments/" + deploymentId)
        && frame.getJsonObject("data").getString("status").equals("succeeded");
  }

  /** Where a step event stands in a deployment's progress: its step, then started before completed. */
  private static int progress(JsonObject frame) {
    int seq = frame.getJsonObject("data").getInteger("seq");
    return seq * 2 + (frame.getString("type").endsWith(".started") ? 0 : 1);
  }

  @Test
  @Order(1)
  void aSubscriberGetsTheSnapshotFirstThenTheStepAndStatusEventsInOrderEndingWithSucceeded() {
    engine.hold();
    String id = deploy("orders");
    try (StreamSubscriber subscriber = subscribe("/api/v1/deployments/" + id + "/events", ADMIN_TOKEN)) {
      JsonObject snapshot = subscriber.next();
      assertThat(snapshot.getString("specversion")).isEqualTo("1.0");
      assertThat(snapshot.getString("type")).isEqualTo(SNAPSHOT);
      assertThat(snapshot.getString("subject")).isEqualTo("deployments/" + id);
      assertThat(snapshot.getString("id")).isNotBlank();
      assertThat(snapshot.getString("time")).isNotBlank();
      assertThat(snapshot.getJsonObject("data").getString("id")).isEqualTo(id);
      assertThat(snapshot.getJsonObject("data").getString("status")).as("its load is held").isEqualTo("in_progress");
      engine.release();

      List<JsonObject> events = subscriber.through(succeeded(id));
      assertThat(events).allSatisfy(event -> {
        assertThat(event.getString("subject")).isEqualTo("deployments/" + id);
        assertThat(event.getString("specversion")).isEqualTo("1.0");
        assertThat(event.getString("source")).isNotBlank();
      });
      assertThat(events.stream().map(e -> e.getString("id")).distinct().count()).as("no repeats").isEqualTo(events.size());
      List<JsonObject> steps = events.stream().filter(e -> e.getString("type").startsWith("axon.deployment.step.")).toList();
      assertThat(steps).extracting(DeploymentStreamsTest::progress).as("steps in order").isSorted();
      assertThat(steps).extracting(e -> e.getString("type") + " " + e.getJsonObject("data").getString("step"))
          .as("what happened after the snapshot: the held load ended, then the switch ran")
          .containsSubsequence("axon.deployment.step.completed load", "axon.deployment.step.started switch",
              "axon.deployment.step.completed switch");
      assertThat(events.get(events.size() - 1).getJsonObject("data").getString("status")).isEqualTo("succeeded");
    } finally {
      engine.release();
    }
    finished = id;
  }

  @Test
  @Order(2)
  void aLateSubscriberGetsTheSnapshotOfTheFinishedDeploymentAndNothingMore() {
    try (StreamSubscriber subscriber = subscribe("/api/v1/deployments/" + finished + "/events", ADMIN_TOKEN)) {
      JsonObject snapshot = subscriber.next();
      assertThat(snapshot.getString("type")).isEqualTo(SNAPSHOT);
      assertThat(snapshot.getJsonObject("data").getString("status")).isEqualTo("succeeded");
      assertThat(snapshot.getJsonObject("data").getJsonArray("steps").stream().map(s -> ((JsonObject) s).getString("status")))
          .containsOnly("succeeded");
      assertThat(snapshot.getJsonObject("data").getJsonArray("traffic"))
          .containsExactly(new JsonObject().put("version", "1.0.0").put("weight", 100));
    }
  }

  @Test
  @Order(3)
  void theEventsStreamFilteredByWorkflowCarriesThatWorkflowAndNotAnotherDeployedAtTheSameTime() {
    engine.hold();
    String alpha = deploy("alpha");
    String beta = deploy("beta");
    try (StreamSubscriber alphaOnly = subscribe("/api/v1/events?workflow=alpha", ADMIN_TOKEN);
         StreamSubscriber betaOnly = subscribe("/api/v1/events?workflow=beta", ADMIN_TOKEN);
         StreamSubscriber development = subscribe("/api/v1/events?environment=development", ADMIN_TOKEN)) {
      JsonObject alphaSnapshot = alphaOnly.next();
      assertThat(alphaSnapshot.getString("type")).isEqualTo(SNAPSHOT);
      assertThat(alphaSnapshot.getJsonObject("data").getString("id")).as("its only active deployment").isEqualTo(alpha);
      assertThat(betaOnly.next().getJsonObject("data").getString("id")).isEqualTo(beta);
      Set<String> snapshots = new HashSet<>();
      snapshots.add(development.next().getJsonObject("data").getString("id"));
      snapshots.add(development.next().getJsonObject("data").getString("id"));
      assertThat(snapshots).as("every deployment of development not over yet").containsExactlyInAnyOrder(alpha, beta);
      engine.release();

      List<JsonObject> alphaEvents = alphaOnly.through(succeeded(alpha));
      List<JsonObject> betaEvents = betaOnly.through(succeeded(beta));
      List<JsonObject> both = development.through(succeeded(alpha));
      if (both.stream().noneMatch(succeeded(beta))) {
        both.addAll(development.through(succeeded(beta)));
      }
      assertThat(alphaEvents).allSatisfy(event -> assertThat(concerns(event, "alpha", alpha)).as(event.encode()).isTrue());
      assertThat(betaEvents).allSatisfy(event -> assertThat(concerns(event, "beta", beta)).as(event.encode()).isTrue());
      assertThat(alphaEvents).noneMatch(event -> event.encode().contains(beta));
      assertThat(betaEvents).noneMatch(event -> event.encode().contains(alpha));
      assertThat(both).anyMatch(succeeded(alpha)).anyMatch(succeeded(beta));
      assertThat(alphaEvents).filteredOn(e -> e.getString("type").startsWith("axon.deployment.step."))
          .extracting(DeploymentStreamsTest::progress).isSorted();
    } finally {
      engine.release();
    }
  }

  /** An event of this deployment, of this workflow's routing, or of an engine instance (which concerns every workflow). */
  private static boolean concerns(JsonObject event, String workflow, String deploymentId) {
    String subject = event.getString("subject");
    return subject.equals("deployments/" + deploymentId)
        || subject.equals("environments/development/workflows/" + workflow + "/routing")
        || subject.startsWith("environments/development/instances/");
  }

  @Test
  void withoutAValidBearerTokenTheUpgradeIsRefusedWith401ProblemAndNoSocket() {
    for (String token : new String[] {null, "not-a-token"}) {
      for (String uri : List.of("/api/v1/events", "/api/v1/deployments/" + java.util.UUID.randomUUID() + "/events")) {
        UpgradeRejectedException refused = StreamSubscriber.refused(clients, suite.port(), uri, token);
        assertThat(refused.getStatus()).as(uri + " with " + token).isEqualTo(401);
        assertThat(refused.getHeaders().get("Content-Type")).isEqualTo("application/problem+json");
        assertThat(new JsonObject(refused.getBody()).getInteger("status")).isEqualTo(401);
        assertThat(refused.getHeaders().get("WWW-Authenticate")).startsWith("Bearer");
      }
    }
  }

  @Test
  void anUnknownDeploymentOrEnvironmentIsRefusedWith404Problem() {
    for (String uri : List.of("/api/v1/deployments/" + java.util.UUID.randomUUID() + "/events", "/api/v1/deployments/nope/events",
        "/api/v1/events?environment=nowhere")) {
      UpgradeRejectedException refused = StreamSubscriber.refused(clients, suite.port(), uri, ADMIN_TOKEN);
      assertThat(refused.getStatus()).as(uri).isEqualTo(404);
      assertThat(new JsonObject(refused.getBody()).getString("type")).endsWith("/not-found");
    }
  }

  @Test
  void aPlainGetOfAStreamIsRefusedWith400NamingTheUpgradeHeader() {
    Reply plain = suite.get("/api/v1/events", ADMIN_TOKEN);
    assertThat(plain.isProblem(400)).as(plain.toString()).isTrue();
    assertThat(plain.errorPaths()).containsExactly("header/Upgrade");
  }

  @Test
  void aViewerWatchesUntilItsTokenIsRevokedThenTheSocketIsClosedWith1008() {
    Reply issued = suite.post("/api/v1/tokens", ADMIN_TOKEN, new JsonObject().put("user", "vera").put("roles", new JsonArray().add("viewer")));
    assertThat(issued.status()).isEqualTo(201);
    try (StreamSubscriber viewer = subscribe("/api/v1/events?environment=development", issued.json().getString("token"))) {
      long revokedAt = System.currentTimeMillis();
      assertThat(suite.send(HttpMethod.DELETE, "/api/v1/tokens/" + issued.json().getString("id"), ADMIN_TOKEN, null, Map.of()).status())
          .isEqualTo(204);
      assertThat(viewer.closeCode()).isEqualTo((short) 1008);
      assertThat(System.currentTimeMillis() - revokedAt).as("closed within a few seconds").isLessThan(5_000);
      assertThat(viewer.closeReason()).contains("revoked");
    }
  }
}
