package io.axon.deploy.standalone;

import static io.axon.deploy.standalone.ProgressiveDeliveryTest.TOKEN;
import static io.axon.deploy.standalone.ProgressiveDeliveryTest.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A version taken from development to production: promotions with their smoke tests, production's
 * approvals (distinct approvers, never the requester, a rejection, an expiry), its deployment
 * window (the deployment waits in scheduled and starts by itself when the window opens), a freeze
 * that holds it, and a manual rollback that waits for its approval.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApprovalsAndWindowsTest {
  private RunningSuite suite;
  private String alice;
  private String bob;
  private String carol;

  @BeforeAll
  void start() {
    suite = RunningSuite.start();
    for (String environment : new String[] {"development", "staging", "production"}) {
      ProgressiveDeliveryTest.startEngine(suite, environment + "-1", environment);
    }
    assertThat(suite.post("/api/v1/workflows", TOKEN, new JsonObject().put("key", "orders").put("name", "Orders")).status())
        .isEqualTo(201);
    for (String version : new String[] {"1.0.0", "1.1.0", "1.2.0", "1.3.0"}) {
      ProgressiveDeliveryTest.publish(suite, "orders", version, ProgressiveDeliveryTest.definition(version, "ok"));
    }
    ProgressiveDeliveryTest.publish(suite, "orders", "1.9.0", ProgressiveDeliveryTest.definition("1.9.0", "broken"));
    for (String environment : new String[] {"development", "staging", "production"}) {
      ProgressiveDeliveryTest.awaitInstances(suite, environment, 1);
    }
    alice = token("alice", "approver");
    bob = token("bob", "approver");
    carol = token("carol", "deployer");
    // production's window is closed now (it is open on another day), and two approvals are needed
    edit("production", env -> restrictions(env).put("approvalsRequired", 2)
        .put("deploymentWindows", new JsonArray().add(window(today().plus(3), "00:00", "24:00"))));
  }

  @AfterAll
  void stop() {
    suite.close();
  }

  private String token(String user, String role) {
    Reply reply = suite.post("/api/v1/tokens", TOKEN, new JsonObject().put("user", user).put("roles", new JsonArray().add(role)));
    assertThat(reply.status()).isEqualTo(201);
    return reply.json().getString("token");
  }

  private static DayOfWeek today() {
    return Instant.now().atZone(ZoneOffset.UTC).getDayOfWeek();
  }

  private static JsonObject window(DayOfWeek day, String start, String end) {
    return new JsonObject().put("days", new JsonArray().add(day.name().toLowerCase(Locale.ROOT))).put("start", start)
        .put("end", end).put("timezone", "UTC");
  }

  private static JsonObject restrictions(JsonObject environment) {
    return environment.getJsonObject("restrictions");
  }

  /** GETs {@code environment}, edits it and PUTs it back with its ETag, as a user would. */
  private void edit(String environment, Consumer<JsonObject> edit) {
    Reply current = suite.get("/api/v1/environments/" + environment, TOKEN);
    JsonObject body = current.json();
    edit.accept(body);
    Reply replaced = suite.send(HttpMethod.PUT, "/api/v1/environments/" + environment, TOKEN, Buffer.buffer(body.encode()),
        Map.of("If-Match", current.etag()));
    assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
  }

  private Reply promote(String version, String from, String to, String token) {
    return suite.post("/api/v1/promotions", token, new JsonObject().put("workflow", "orders").put("version", version)
        .put("from", from).put("to", to));
  }

  private Reply vote(String approval, String verb, String token, String comment) {
    JsonObject body = comment == null ? new JsonObject() : new JsonObject().put("comment", comment);
    return suite.post("/api/v1/approvals/" + approval + "/" + verb, token, body);
  }

  private String pendingApprovalOf(String deploymentId) {
    return suite.get("/api/v1/approvals?status=pending", TOKEN).items().stream()
        .filter(a -> a.getString("deploymentId").equals(deploymentId)).findFirst().orElseThrow().getString("id");
  }

  /** Deploys {@code version} to development, promotes it to staging; both succeed. */
  private void throughStaging(String version) {
    Reply dev = suite.post("/api/v1/environments/development/deployments", TOKEN,
        new JsonObject().put("workflow", "orders").put("version", version));
    assertThat(dev.status()).as(dev.toString()).isEqualTo(202);
    assertThat(awaitStatus(suite, dev.json().getString("id"), "succeeded"::equals, 15_000).getString("status"))
        .isEqualTo("succeeded");
    Reply staging = promote(version, "development", "staging", carol);
    assertThat(staging.status()).as(staging.toString()).isEqualTo(202);
    JsonObject done = awaitStatus(suite, staging.json().getJsonObject("deployment").getString("id"), "succeeded"::equals, 15_000);
    assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("succeeded");
    assertThat(done.getJsonArray("steps").stream().map(s -> ((JsonObject) s).getString("name")).toList())
        .endsWith("switch", "smoke-tests");
  }

  @Test
  @Order(1)
  void promotionsGoOneEnvironmentAtATime() {
    Reply early = promote("1.0.0", "development", "staging", carol);
    assertThat(early.isProblem(422)).as(early.toString()).isTrue();
    assertThat(early.json().getString("detail")).contains("must succeed in development");
    Reply skipping = promote("1.0.0", "development", "production", carol);
    assertThat(skipping.isProblem(422)).as(skipping.toString()).isTrue();
    assertThat(skipping.errorPaths()).contains("/to");
    throughStaging("1.0.0");
  }

  @Test
  @Order(2)
  void productionWaitsForTwoApproversOtherThanTheRequesterThenForItsWindow() {
    Reply promoted = promote("1.0.0", "staging", "production", carol);
    assertThat(promoted.status()).as(promoted.toString()).isEqualTo(202);
    String id = promoted.json().getJsonObject("deployment").getString("id");
    assertThat(promoted.json().getJsonObject("deployment").getString("status")).isEqualTo("pending_approval");
    String approval = pendingApprovalOf(id);

    assertThat(vote(approval, "approve", carol, "mine").isProblem(403)).as("the requester cannot approve").isTrue();
    Reply first = vote(approval, "approve", alice, "looks good");
    assertThat(first.status()).as(first.toString()).isEqualTo(200);
    assertThat(first.json().getString("status")).isEqualTo("pending");
    assertThat(vote(approval, "approve", alice, "again").isProblem(409)).as("one vote per approver").isTrue();
    assertThat(suite.get("/api/v1/deployments/" + id, TOKEN).json().getString("status")).isEqualTo("pending_approval");
    Map<String, String> once = Map.of("Idempotency-Key", "bob-approves-" + approval);
    Buffer shipIt = Buffer.buffer(new JsonObject().put("comment", "ship it").encode());
    Reply second = suite.send(HttpMethod.POST, "/api/v1/approvals/" + approval + "/approve", bob, shipIt, once);
    assertThat(second.json().getString("status")).as(second.toString()).isEqualTo("approved");
    Reply retried = suite.send(HttpMethod.POST, "/api/v1/approvals/" + approval + "/approve", bob, shipIt, once);
    assertThat(retried.status()).as("a retried vote gets the first answer, not a 409: " + retried).isEqualTo(200);
    assertThat(retried.json()).isEqualTo(second.json());
    assertThat(second.json().getJsonArray("approvals")).hasSize(2);

    JsonObject scheduled = awaitStatus(suite, id, "scheduled"::equals, 5_000);
    assertThat(scheduled.getString("status")).isEqualTo("scheduled");
    assertThat(scheduled.getString("message")).contains("deployment window");

    edit("production", env -> restrictions(env).put("deploymentWindows", new JsonArray().add(window(today(), "00:00", "24:00"))));
    JsonObject done = awaitStatus(suite, id, "succeeded"::equals, 20_000);
    assertThat(done.getString("status")).as("it starts by itself when its window opens: " + done.encodePrettily())
        .isEqualTo("succeeded");
    assertThat(suite.get("/api/v1/audit?subject=approvals/" + approval, TOKEN).items())
        .extracting(r -> r.getString("action")).containsExactly("approval.approve", "approval.approve");
  }

  @Test
  @Order(3)
  void aFreezeHoldsAnApprovedDeploymentUntilItIsLifted() {
    throughStaging("1.1.0");
    edit("production", env -> restrictions(env).put("approvalsRequired", 1).put("freezes", new JsonArray()
        .add(new JsonObject().put("from", Instant.now().minusSeconds(60).toString())
            .put("to", Instant.now().plusSeconds(3_600).toString()).put("reason", "end of quarter"))));
    String id = promote("1.1.0", "staging", "production", carol).json().getJsonObject("deployment").getString("id");
    assertThat(vote(pendingApprovalOf(id), "approve", alice, null).json().getString("status")).isEqualTo("approved");
    JsonObject held = awaitStatus(suite, id, "scheduled"::equals, 5_000);
    assertThat(held.getString("status")).isEqualTo("scheduled");
    ProgressiveDeliveryTest.pause(1_500);
    assertThat(suite.get("/api/v1/deployments/" + id, TOKEN).json().getString("status")).isEqualTo("scheduled");

    edit("production", env -> restrictions(env).put("freezes", new JsonArray()));
    assertThat(awaitStatus(suite, id, "succeeded"::equals, 20_000).getString("status")).isEqualTo("succeeded");
  }

  @Test
  @Order(4)
  void aRejectionAbortsAndAnUnansweredRequestExpires() {
    throughStaging("1.2.0");
    String rejected = promote("1.2.0", "staging", "production", carol).json().getJsonObject("deployment").getString("id");
    Reply rejection = vote(pendingApprovalOf(rejected), "reject", bob, "not this week");
    assertThat(rejection.json().getString("status")).as(rejection.toString()).isEqualTo("rejected");
    JsonObject aborted = suite.get("/api/v1/deployments/" + rejected, TOKEN).json();
    assertThat(aborted.getString("status")).isEqualTo("aborted");
    assertThat(aborted.getString("failure")).contains("rejected by bob");

    edit("production", env -> restrictions(env).put("approvalExpiry", 1_000));
    String expiring = promote("1.2.0", "staging", "production", carol).json().getJsonObject("deployment").getString("id");
    JsonObject expired = awaitStatus(suite, expiring, "aborted"::equals, 10_000);
    assertThat(expired.getString("status")).isEqualTo("aborted");
    assertThat(expired.getString("failure")).contains("approval expired");
    edit("production", env -> restrictions(env).put("approvalExpiry", 86_400_000));
  }

  @Test
  @Order(5)
  void aManualRollbackInProductionWaitsForItsApproval() {
    String live = suite.get("/api/v1/deployments?environment=production&status=succeeded", TOKEN).items().get(0).getString("id");
    Reply asked = suite.post("/api/v1/deployments/" + live + "/rollback", carol, new JsonObject().put("reason", "errors"));
    assertThat(asked.status()).as(asked.toString()).isEqualTo(202);
    String approval = asked.json().getJsonObject("approval").getString("id");
    assertThat(suite.get("/api/v1/deployments/" + live, TOKEN).json().getString("status")).isEqualTo("succeeded");
    assertThat(vote(approval, "approve", alice, "go").json().getString("status")).isEqualTo("approved");
    JsonObject rolledBack = awaitStatus(suite, live, "rolled_back"::equals, 15_000);
    assertThat(rolledBack.getString("status")).as(rolledBack.encodePrettily()).isEqualTo("rolled_back");
    JsonObject routing = suite.get("/api/v1/environments/production/workflows/orders/routing", TOKEN).json();
    assertThat(routing.getJsonArray("routes").getJsonObject(0).getString("version")).isEqualTo("1.0.0");
  }

  @Test
  @Order(6)
  void aPromotionWhoseSmokeTestsFailInTheTargetRollsBack() {
    Reply dev = suite.post("/api/v1/environments/development/deployments", TOKEN,
        new JsonObject().put("workflow", "orders").put("version", "1.9.0"));
    assertThat(awaitStatus(suite, dev.json().getString("id"), "succeeded"::equals, 15_000).getString("status"))
        .isEqualTo("succeeded");
    String before = suite.get("/api/v1/environments/staging/workflows/orders/routing", TOKEN).json()
        .getJsonArray("routes").getJsonObject(0).getString("version");
    Reply staging = promote("1.9.0", "development", "staging", carol);
    JsonObject done = awaitStatus(suite, staging.json().getJsonObject("deployment").getString("id"), "failed"::equals, 20_000);
    assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("failed");
    assertThat(done.getString("failure")).contains("smoke tests failed");
    JsonObject routing = suite.get("/api/v1/environments/staging/workflows/orders/routing", TOKEN).json();
    assertThat(routing.getJsonArray("routes").getJsonObject(0).getString("version")).isEqualTo(before);
    assertThat(routing.getJsonArray("routes").getJsonObject(0).getInteger("weight")).isEqualTo(100);
  }
}
