package io.axon.deploy.standalone;

import static io.axon.deploy.standalone.ProgressiveDeliveryTest.awaitInstances;
import static io.axon.deploy.standalone.ProgressiveDeliveryTest.awaitStatus;
import static io.axon.deploy.standalone.ProgressiveDeliveryTest.awaitTrue;
import static io.axon.deploy.standalone.ProgressiveDeliveryTest.definition;
import static io.axon.deploy.standalone.ProgressiveDeliveryTest.pause;
import static io.axon.deploy.standalone.ProgressiveDeliveryTest.publish;
import static io.axon.deploy.standalone.ProgressiveDeliveryTest.startEngine;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
 * Emergency recovery end to end: a canary of a version that fails half its executions waits at a
 * pause under steady load; one emergency rollback stops it and takes all traffic back to the stable
 * version, whose executions then succeed. Then the refusals, and the diagnosis of deployments that
 * ended badly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmergencyRollbackTest {
  private static final String TOKEN = RunningSuite.ADMIN_TOKEN;
  private static final String WORKFLOW = "/api/v1/environments/development/workflows/payments";
  private RunningSuite suite;
  private String stoppedCanary;

  @BeforeAll
  void start() {
    suite = RunningSuite.start();
    startEngine(suite, "development-1", "development");
    startEngine(suite, "development-2", "development");
    for (String key : List.of("payments", "idle")) {
      assertThat(suite.post("/api/v1/workflows", TOKEN, new JsonObject().put("key", key).put("name", key)).status())
          .isEqualTo(201);
    }
    publish(suite, "payments", "1.0.0", definition("1.0.0", "ok"));
    publish(suite, "payments", "1.1.0", halfFailing());
    publish(suite, "payments", "1.2.0", definition("1.2.0", "broken"));
    publish(suite, "payments", "1.3.0", definition("1.3.0", "ok"));
    publish(suite, "idle", "1.0.0", definition("1.0.0", "ok"));
    awaitInstances(suite, "development", 2);
    // the monitor's triggers would roll the half-failing canary back before the emergency rollback
    // can stop it: off here, but for the test that shows they leave an emergency rollback alone
    automaticRollback(false);
    JsonObject first = deploy("1.0.0", "immediate");
    assertThat(awaitStatus(suite, first.getString("id"), "succeeded"::equals, 30_000).getString("status"))
        .isEqualTo("succeeded");
  }

  @AfterAll
  void stop() {
    suite.close();
  }

  /** The stable definition with a {@code fail} node before its transform that fails half the executions. */
  private static JsonObject halfFailing() {
    JsonObject definition = definition("1.1.0", "ok");
    definition.getJsonArray("nodes").add(new JsonObject().put("id", "charge").put("type", "fail")
        .put("config", new JsonObject().put("probability", 0.5).put("message", "card declined")));
    definition.put("connections", new JsonArray()
        .add(new JsonObject().put("id", "c1").put("from", "start").put("to", "charge"))
        .add(new JsonObject().put("id", "c2").put("from", "charge").put("to", "enrich")));
    return definition;
  }

  private JsonObject deploy(String version, Object strategy) {
    Reply accepted = suite.post("/api/v1/environments/development/deployments", TOKEN, new JsonObject()
        .put("workflow", "payments").put("version", version).put("strategy", strategy).put("reason", "test"));
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    return accepted.json();
  }

  private String pausedCanary() {
    JsonObject canary = new JsonObject().put("type", "canary").put("steps", new JsonArray()
        .add(new JsonObject().put("setWeight", 30)).add(new JsonObject().put("pause", new JsonObject())));
    String id = deploy("1.1.0", canary).getString("id");
    JsonObject held = awaitStatus(suite, id, "paused"::equals, 20_000);
    assertThat(held.getString("status")).as(held.encodePrettily()).isEqualTo("paused");
    return id;
  }

  private Reply emergency(String token, Buffer body, String key) {
    return suite.send(HttpMethod.POST, WORKFLOW + "/emergency-rollback", token, body,
        key == null ? Map.of() : Map.of("Idempotency-Key", key));
  }

  private List<JsonObject> weights() {
    return suite.get(WORKFLOW + "/routing", TOKEN).json().getJsonArray("routes").stream()
        .map(r -> new JsonObject().put("version", ((JsonObject) r).getString("version"))
            .put("weight", ((JsonObject) r).getInteger("weight"))).toList();
  }

  private JsonObject diagnosis(String id) {
    Reply reply = suite.get("/api/v1/deployments/" + id + "/diagnosis", TOKEN);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json();
  }

  @Test
  @Order(1)
  void anEmergencyRollbackStopsAFailingCanaryAndTheStableVersionTakesEverythingAndSucceeds() {
    Buffer body = Buffer.buffer(new JsonObject().put("reason", "card payments failing").encode());
    JsonObject accepted;
    String emergencyId;
    try (SteadyLoad load = new SteadyLoad(suite.port(), WORKFLOW + "/executions", TOKEN).start(100)) {
      stoppedCanary = pausedCanary();
      assertThat(weights()).contains(new JsonObject().put("version", "1.1.0").put("weight", 30));
      pause(1_000);
      assertThat(load.failed()).as("the canary fails some executions: " + load).isPositive();

      Reply reply = emergency(TOKEN, body, "emergency-once");
      assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
      accepted = reply.json();
      emergencyId = accepted.getJsonObject("deployment").getString("id");
      assertThat(reply.header("Location")).isEqualTo("/api/v1/deployments/" + emergencyId);
      assertThat(accepted.getString("targetVersion")).isEqualTo("1.0.0");
      assertThat(accepted.getJsonArray("stopped")).containsExactly(stoppedCanary);
      assertThat(accepted.getJsonObject("deployment").getJsonObject("strategy").getBoolean("emergency")).isTrue();
      assertThat(accepted.getJsonObject("deployment").getString("reason")).isEqualTo("emergency rollback: card payments failing");

      awaitTrue(() -> weights().equals(List.of(new JsonObject().put("version", "1.0.0").put("weight", 100))), 5_000,
          "all traffic on 1.0.0");
      JsonObject canary = suite.get("/api/v1/deployments/" + stoppedCanary, TOKEN).json();
      assertThat(canary.getString("status")).isEqualTo("aborted");
      assertThat(canary.getString("failure")).contains("emergency rollback", "admin", "card payments failing");

      JsonObject done = awaitStatus(suite, emergencyId, "succeeded"::equals, 30_000);
      assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("succeeded");
      assertThat(done.getJsonArray("steps").stream().map(s -> ((JsonObject) s).getString("name")))
          .containsExactly("load", "switch", "health-check", "smoke-tests", "verify");
      JsonObject verify = done.getJsonArray("steps").getJsonObject(4).getJsonObject("detail");
      assertThat(verify.getLong("executions")).as(verify.encode()).isPositive();
      assertThat(verify.getLong("errors")).as(verify.encode()).isZero();
      assertThat(verify.getBoolean("traffic")).isTrue();
      assertThat(done.getJsonArray("steps").getJsonObject(3).getJsonObject("detail").getInteger("passed")).isEqualTo(1);
    }
    try (SteadyLoad after = new SteadyLoad(suite.port(), WORKFLOW + "/executions", TOKEN).start(100)) {
      pause(1_500);
      after.close();
      assertThat(after.succeeded()).as(after.toString()).isPositive();
      assertThat(after.failed()).as(after.toString()).isZero();
      assertThat(after.servedBy("1.1.0")).as(after.toString()).isZero();
    }
    List<JsonObject> audit = suite.get("/api/v1/audit?subject=environments/development/workflows/payments", TOKEN).items();
    assertThat(audit).anySatisfy(record -> {
      assertThat(record.getString("action")).isEqualTo("deployment.emergency-rollback");
      assertThat(record.getString("subject")).isEqualTo("environments/development/workflows/payments");
    });

    Reply replay = emergency(TOKEN, body, "emergency-once");
    assertThat(replay.status()).as(replay.toString()).isEqualTo(202);
    assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replay.json()).isEqualTo(accepted);
    assertThat(suite.get("/api/v1/deployments?workflow=payments", TOKEN).items()).hasSize(3);

    JsonObject stopped = diagnosis(stoppedCanary);
    assertThat(stopped.getJsonObject("cause").getString("kind")).isEqualTo("emergency_rollback");
    assertThat(stopped.getJsonObject("cause").getString("summary")).contains("admin", "card payments failing");
    assertThat(diagnosis(emergencyId).getJsonObject("cause").getString("kind")).isEqualTo("none");
  }

  @Test
  @Order(2)
  void emergencyRollbacksThatCannotBeAreRefusedAndChangeNothing() {
    int before = suite.get("/api/v1/deployments?workflow=payments", TOKEN).items().size();
    Reply viewer = suite.post("/api/v1/tokens", TOKEN, new JsonObject().put("user", "vera").put("roles", new JsonArray().add("viewer")));
    String viewerToken = viewer.json().getString("token");
    Buffer ok = Buffer.buffer(new JsonObject().put("reason", "test").encode());
    assertThat(emergency(viewerToken, ok, null).isProblem(403)).isTrue();
    Reply missing = emergency(TOKEN, Buffer.buffer("{}"), null);
    assertThat(missing.status()).as(missing.toString()).isIn(400, 422);
    assertThat(missing.isProblem(missing.status())).isTrue();
    assertThat(emergency(TOKEN, Buffer.buffer("{\"reason\": 42}"), null).isProblem(400)).isTrue();
    assertThat(emergency(TOKEN, Buffer.buffer("{\"reason\": \"x\", \"targetVersion\": []}"), null).isProblem(400)).isTrue();
    assertThat(emergency(TOKEN, Buffer.buffer(new JsonObject().put("reason", "x".repeat(5_000)).encode()), null).status())
        .isIn(400, 413, 422);
    assertThat(emergency(TOKEN, Buffer.buffer("[1, 2]"), null).isProblem(400)).isTrue();
    assertThat(suite.send(HttpMethod.POST, "/api/v1/environments/development/workflows/nope/emergency-rollback", TOKEN,
        ok, Map.of()).isProblem(404)).isTrue();
    assertThat(suite.send(HttpMethod.POST, "/api/v1/environments/nowhere/workflows/payments/emergency-rollback", TOKEN,
        ok, Map.of()).isProblem(404)).isTrue();
    Buffer unknownVersion = Buffer.buffer(new JsonObject().put("reason", "x").put("targetVersion", "9.9.9").encode());
    assertThat(emergency(TOKEN, unknownVersion, null).isProblem(404)).isTrue();
    Buffer badVersion = Buffer.buffer(new JsonObject().put("reason", "x").put("targetVersion", "x.y").encode());
    assertThat(emergency(TOKEN, badVersion, null).isProblem(422)).isTrue();
    Reply nothing = suite.send(HttpMethod.POST, "/api/v1/environments/development/workflows/idle/emergency-rollback",
        TOKEN, ok, Map.of());
    assertThat(nothing.isProblem(409)).as(nothing.toString()).isTrue();
    assertThat(nothing.json().getString("detail")).contains("no stable version");
    assertThat(suite.get("/api/v1/deployments?workflow=payments", TOKEN).items()).hasSize(before);
    assertThat(weights()).isEqualTo(List.of(new JsonObject().put("version", "1.0.0").put("weight", 100)));
  }

  @Test
  @Order(3)
  void aDeploymentThatEndedBadlyIsDiagnosedWithItsCauseAndWhatToDoNext() {
    String aborted = pausedCanary();
    Reply abort = suite.post("/api/v1/deployments/" + aborted + "/abort", TOKEN, new JsonObject().put("reason", "seen enough"));
    assertThat(abort.status()).as(abort.toString()).isEqualTo(200);
    assertThat(awaitStatus(suite, aborted, "aborted"::equals, 15_000).getString("status")).isEqualTo("aborted");
    JsonObject byHand = diagnosis(aborted);
    assertThat(byHand.getString("deploymentId")).isEqualTo(aborted);
    assertThat(byHand.getString("status")).isEqualTo("aborted");
    assertThat(byHand.getJsonObject("cause").getString("kind")).isEqualTo("aborted");
    assertThat(byHand.getJsonObject("cause").getString("summary")).contains("aborted by admin", "seen enough");
    assertThat(byHand.getJsonArray("nextActions")).isNotEmpty();

    String blueGreen = deploy("1.2.0", new JsonObject().put("type", "blue-green")).getString("id");
    assertThat(awaitStatus(suite, blueGreen, "failed"::equals, 30_000).getString("status")).isEqualTo("failed");
    JsonObject smoke = diagnosis(blueGreen);
    assertThat(smoke.getJsonObject("cause").getString("kind")).as(smoke.encodePrettily()).isEqualTo("smoke_test_failed");
    assertThat(smoke.getJsonObject("cause").getString("summary")).contains("'happy path'", "output.status", "broken");
    assertThat(smoke.getJsonArray("evidence").stream().map(e -> ((JsonObject) e).getString("type"))).contains("step");
    assertThat(smoke.getJsonArray("nextActions").getString(0)).contains("happy path");

    assertThat(suite.get("/api/v1/deployments/" + java.util.UUID.randomUUID() + "/diagnosis", TOKEN).isProblem(404)).isTrue();
    Reply malformed = suite.get("/api/v1/deployments/not-an-id/diagnosis", TOKEN);
    assertThat(malformed.status()).as(malformed.toString()).isIn(400, 404);
    assertThat(malformed.isProblem(malformed.status())).isTrue();
  }

  @Test
  @Order(4)
  void anEmergencyRollbackGoesThroughWhenTheEnvironmentHasNoPlaceLeftAndReportsNoTrafficAsSuch() {
    setLimit(1);
    try {
      emergencyWithNoPlaceLeft();
    } finally {
      setLimit(10);
    }
  }

  private void emergencyWithNoPlaceLeft() {
    Reply idle = suite.post("/api/v1/environments/development/deployments", TOKEN, new JsonObject().put("workflow", "idle")
        .put("version", "1.0.0").put("strategy", new JsonObject().put("type", "canary").put("steps", new JsonArray()
            .add(new JsonObject().put("setWeight", 30)).add(new JsonObject().put("pause", new JsonObject())))));
    assertThat(idle.status()).as(idle.toString()).isEqualTo(202);
    String idleId = idle.json().getString("id");
    assertThat(awaitStatus(suite, idleId, "paused"::equals, 20_000).getString("status")).isEqualTo("paused");
    Reply refused = suite.post("/api/v1/environments/development/deployments", TOKEN,
        new JsonObject().put("workflow", "payments").put("version", "1.0.0"));
    assertThat(refused.isProblem(409)).as(refused.toString()).isTrue();

    Reply accepted = emergency(TOKEN, Buffer.buffer(new JsonObject().put("reason", "drill").put("targetVersion", "1.0.0")
        .encode()), null);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    assertThat(accepted.json().getJsonArray("stopped")).isEmpty();
    JsonObject done = awaitStatus(suite, accepted.json().getJsonObject("deployment").getString("id"), "succeeded"::equals,
        30_000);
    assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("succeeded");
    JsonObject verify = done.getJsonArray("steps").getJsonObject(4).getJsonObject("detail");
    assertThat(verify.getBoolean("traffic")).as(verify.encode()).isFalse();
    assertThat(verify.getString("verdict")).contains("nothing to judge");
    assertThat(suite.get("/api/v1/deployments/" + idleId, TOKEN).json().getString("status")).isEqualTo("paused");

    assertThat(suite.post("/api/v1/deployments/" + idleId + "/abort", TOKEN, new JsonObject()).status()).isEqualTo(200);
    awaitStatus(suite, idleId, "aborted"::equals, 15_000);
  }

  @Test
  @Order(5)
  void anEmergencyRollbackToAVersionThatStillFailsEndsFailedWithoutMovingTrafficBack() {
    Reply never = emergency(TOKEN, Buffer.buffer(new JsonObject().put("reason", "wrong pick")
        .put("targetVersion", "1.1.0").encode()), null);
    assertThat(never.isProblem(422)).as("1.1.0 never succeeded here: " + never).isTrue();
    assertThat(never.errorPaths()).containsExactly("/targetVersion");
    // 1.1.0 once succeeded here (deployed while nothing watched it), then 1.0.0 took the traffic back
    assertThat(awaitStatus(suite, deploy("1.1.0", "immediate").getString("id"), "succeeded"::equals, 30_000)
        .getString("status")).isEqualTo("succeeded");
    assertThat(awaitStatus(suite, deploy("1.0.0", "immediate").getString("id"), "succeeded"::equals, 30_000)
        .getString("status")).isEqualTo("succeeded");
    automaticRollback(true);
    try {
      emergencyToAFailingVersion();
    } finally {
      automaticRollback(false);
    }
  }

  /** The triggers are on: they leave the emergency rollback to its own verify step. */
  private void emergencyToAFailingVersion() {
    try (SteadyLoad load = new SteadyLoad(suite.port(), WORKFLOW + "/executions", TOKEN).start(100)) {
      Reply accepted = emergency(TOKEN, Buffer.buffer(new JsonObject().put("reason", "wrong pick")
          .put("targetVersion", "1.1.0").encode()), null);
      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
      String id = accepted.json().getJsonObject("deployment").getString("id");
      JsonObject done = awaitStatus(suite, id, "failed"::equals, 30_000);
      assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("failed");
      assertThat(done.getString("failure")).isNotBlank();
      assertThat(weights()).isEqualTo(List.of(new JsonObject().put("version", "1.1.0").put("weight", 100)));
      assertThat(diagnosis(id).getJsonObject("cause").getString("kind")).isIn("smoke_test_failed", "step_failed");

      Reply unnamed = emergency(TOKEN, Buffer.buffer(new JsonObject().put("reason", "again").encode()), null);
      assertThat(unnamed.isProblem(409)).as(unnamed.toString()).isTrue();
      assertThat(unnamed.json().getString("detail")).contains("targetVersion");
      Reply back = emergency(TOKEN, Buffer.buffer(new JsonObject().put("reason", "again").put("targetVersion", "1.0.0")
          .encode()), null);
      assertThat(back.status()).as(back.toString()).isEqualTo(202);
      JsonObject recovered = awaitStatus(suite, back.json().getJsonObject("deployment").getString("id"),
          "succeeded"::equals, 30_000);
      assertThat(recovered.getString("status")).as(recovered.encodePrettily()).isEqualTo("succeeded");
      assertThat(weights()).isEqualTo(List.of(new JsonObject().put("version", "1.0.0").put("weight", 100)));
    }
  }

  @Test
  @Order(6)
  void aBlueGreenPreviewUnderWayIsStoppedAndDroppedFromTheRouting() {
    String blueGreen = deploy("1.3.0", new JsonObject().put("type", "blue-green").put("switchTrafficDelay", 60_000))
        .getString("id");
    awaitTrue(() -> "1.3.0".equals(suite.get(WORKFLOW + "/routing", TOKEN).json().getString("preview")), 15_000,
        "1.3.0 as the preview");
    Reply accepted;
    try (StreamSubscriber events = StreamSubscriber.connect(suite.vertx(), suite.port(),
        "/api/v1/events?environment=development&workflow=payments", TOKEN)) {
      accepted = emergency(TOKEN, Buffer.buffer(new JsonObject().put("reason", "preview misbehaves").encode()), null);
      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
      assertThat(accepted.json().getJsonArray("stopped")).containsExactly(blueGreen);
      assertThat(accepted.json().getString("targetVersion")).isEqualTo("1.0.0");
      JsonObject event = events.through(frame -> "axon.deployment.emergency-rollback".equals(frame.getString("type")))
          .stream().reduce((a, b) -> b).orElseThrow();
      assertThat(event.getJsonObject("data").getJsonArray("stopped")).containsExactly(blueGreen);
      assertThat(event.getJsonObject("data").getString("reason")).isEqualTo("preview misbehaves");
    }
    JsonObject done = awaitStatus(suite, accepted.json().getJsonObject("deployment").getString("id"), "succeeded"::equals,
        30_000);
    assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("succeeded");
    JsonObject routing = suite.get(WORKFLOW + "/routing", TOKEN).json();
    assertThat(routing.getString("preview")).as(routing.encode()).isNull();
    assertThat(weights()).isEqualTo(List.of(new JsonObject().put("version", "1.0.0").put("weight", 100)));
    assertThat(suite.get("/api/v1/deployments/" + blueGreen, TOKEN).json().getString("status")).isEqualTo("aborted");
  }

  @Test
  @Order(7)
  void inAFrozenEnvironmentThatAsksForApprovalTheRollbackRunsAtOnceAndClosesTheWaitingApproval() {
    restrict(restrictions -> restrictions.put("requiresApproval", true).put("approvalsRequired", 1)
        .put("freezes", new JsonArray().add(new JsonObject().put("from", java.time.Instant.now().minusSeconds(3_600).toString())
            .put("to", java.time.Instant.now().plusSeconds(3_600).toString()).put("reason", "incident"))));
    try {
      String waiting = deploy("1.3.0", "immediate").getString("id");
      assertThat(suite.get("/api/v1/deployments/" + waiting, TOKEN).json().getString("status")).isEqualTo("pending_approval");
      assertThat(pendingApprovalsOf(waiting)).isEqualTo(1);

      Reply accepted = emergency(TOKEN, Buffer.buffer(new JsonObject().put("reason", "stop the release").encode()), null);
      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
      assertThat(accepted.json().getJsonArray("stopped")).containsExactly(waiting);
      assertThat(accepted.json().getJsonObject("deployment").getString("status")).isEqualTo("in_progress");
      assertThat(pendingApprovalsOf(waiting)).isZero();
      assertThat(suite.get("/api/v1/deployments/" + waiting, TOKEN).json().getString("status")).isEqualTo("aborted");
      JsonObject done = awaitStatus(suite, accepted.json().getJsonObject("deployment").getString("id"), "succeeded"::equals,
          30_000);
      assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("succeeded");
      assertThat(weights()).isEqualTo(List.of(new JsonObject().put("version", "1.0.0").put("weight", 100)));
    } finally {
      restrict(restrictions -> restrictions.put("requiresApproval", false).put("approvalsRequired", 0)
          .put("freezes", new JsonArray()));
    }
  }

  @Test
  @Order(8)
  void emergencyRollbacksAtOnceStartOneDeploymentAndRefuseTheOthers() throws Exception {
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    List<Integer> statuses = new java.util.ArrayList<>();
    try {
      List<java.util.concurrent.Future<Reply>> answers = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        answers.add(pool.submit(() -> emergency(TOKEN, Buffer.buffer(new JsonObject().put("reason", "all at once")
            .put("targetVersion", "1.0.0").encode()), null)));
      }
      for (var answer : answers) {
        Reply reply = answer.get();
        assertThat(reply.status() == 202 || reply.isProblem(409)).as(reply.toString()).isTrue();
        statuses.add(reply.status());
      }
    } finally {
      pool.shutdown();
    }
    assertThat(statuses).contains(202);
    List<JsonObject> running = suite.get("/api/v1/deployments?workflow=payments&status=in_progress", TOKEN).items();
    assertThat(running.size()).isLessThanOrEqualTo(1);
    running.forEach(d -> awaitStatus(suite, d.getString("id"), "succeeded"::equals, 30_000));
    assertThat(weights()).isEqualTo(List.of(new JsonObject().put("version", "1.0.0").put("weight", 100)));
  }

  private long pendingApprovalsOf(String deployment) {
    return suite.get("/api/v1/approvals?status=pending", TOKEN).items().stream()
        .filter(a -> deployment.equals(a.getString("deploymentId"))).count();
  }

  private void automaticRollback(boolean enabled) {
    restrict(restrictions -> restrictions.getJsonObject("rollbackPolicy").getJsonObject("automatic").put("enabled", enabled));
  }

  private void setLimit(int limit) {
    restrict(restrictions -> restrictions.put("maxConcurrentDeployments", limit));
  }

  private void restrict(java.util.function.Consumer<JsonObject> change) {
    Reply current = suite.get("/api/v1/environments/development", TOKEN);
    JsonObject body = current.json();
    change.accept(body.getJsonObject("restrictions"));
    Reply put = suite.send(HttpMethod.PUT, "/api/v1/environments/development", TOKEN, Buffer.buffer(body.encode()),
        Map.of("If-Match", current.etag()));
    assertThat(put.status()).as(put.toString()).isEqualTo(200);
  }
}
