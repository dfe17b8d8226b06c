package io.axon.deploy.standalone;

import static io.axon.deploy.standalone.RunningSuite.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditTrailTest {
  private RunningSuite suite;

  @BeforeEach
  void start() {
    suite = RunningSuite.start();
    suite.post("/api/v1/workflows", ADMIN_TOKEN, new JsonObject().put("key", "order-sync").put("name", "Order sync"));
    suite.post("/api/v1/workflows", ADMIN_TOKEN, new JsonObject().put("key", "order").put("name", "Order"));
    suite.post("/api/v1/workflows/order-sync/versions", ADMIN_TOKEN,
        new JsonObject().put("version", "1.2.0").put("definition", Definitions.valid(1)));
    suite.post("/api/v1/workflows/order-sync/versions/1.2.0/publish", ADMIN_TOKEN, new JsonObject().put("reason", "tested"));
  }

  @AfterEach
  void stop() {
    suite.close();
  }

  @Test
  void everyWriteIsRecordedWithActorActionSubjectAndRequestIdOldestFirst() {
    Reply reply = suite.send(io.vertx.core.http.HttpMethod.POST, "/api/v1/workflows/order/versions", ADMIN_TOKEN,
        io.vertx.core.buffer.Buffer.buffer(new JsonObject().put("bump", "major").put("definition", Definitions.valid(2)).encode()),
        Map.of("X-Request-Id", "req-42"));
    assertThat(reply.requestId()).isEqualTo("req-42");

    List<JsonObject> records = suite.get("/api/v1/audit?subject=workflows/order-sync", ADMIN_TOKEN).items();
    assertThat(records).extracting(r -> r.getString("action"))
        .containsExactly("workflow.created", "version.created", "version.published");
    assertThat(records).extracting(r -> r.getString("subject")).containsExactly(
        "workflows/order-sync", "workflows/order-sync/versions/1.2.0", "workflows/order-sync/versions/1.2.0");
    assertThat(records).allSatisfy(r -> {
      assertThat(r.getString("actor")).isEqualTo("admin");
      assertThat(r.getString("requestId")).isNotBlank();
    });
    assertThat(records.get(2).getJsonObject("details").getString("reason")).isEqualTo("tested");

    List<JsonObject> order = suite.get("/api/v1/audit?subject=workflows/order", ADMIN_TOKEN).items();
    assertThat(order).as("a sibling whose key merely starts the same is not below the subject")
        .extracting(r -> r.getString("subject")).containsExactly("workflows/order", "workflows/order/versions/1.0.0");
    assertThat(order.get(1).getString("requestId")).isEqualTo("req-42");
  }

  @Test
  void anIntactTrailVerifies() {
    JsonObject verdict = suite.get("/api/v1/audit/verify", ADMIN_TOKEN).json();
    assertThat(verdict.getBoolean("valid")).as(verdict.encode()).isTrue();
    assertThat(verdict.getLong("records")).isEqualTo(4);
  }

  @Test
  void anEditedRecordIsDetected() {
    suite.sql("UPDATE registry.audit_log SET actor = 'mallory' WHERE seq = 2");
    JsonObject verdict = suite.get("/api/v1/audit/verify", ADMIN_TOKEN).json();
    assertThat(verdict.getBoolean("valid")).isFalse();
    assertThat(verdict.getJsonArray("problems").getJsonObject(0).getLong("seq")).isEqualTo(2);
  }

  @Test
  void anEditedRecordWhoseHashWasRecomputedBreaksTheNextLink() {
    suite.sql("UPDATE registry.audit_log SET hash = repeat('0', 64) WHERE seq = 2");
    JsonObject verdict = suite.get("/api/v1/audit/verify", ADMIN_TOKEN).json();
    assertThat(verdict.getBoolean("valid")).isFalse();
    assertThat(verdict.getJsonArray("problems").stream().map(p -> ((JsonObject) p).getLong("seq"))).contains(2L, 3L);
  }

  @Test
  void aDeletedRecordIsDetected() {
    suite.sql("DELETE FROM registry.audit_log WHERE seq = 2");
    JsonObject verdict = suite.get("/api/v1/audit/verify", ADMIN_TOKEN).json();
    assertThat(verdict.getBoolean("valid")).isFalse();
    assertThat(verdict.getJsonArray("problems").encode()).contains("records 2 to 2 are missing");
  }

  @Test
  void aDeletedLatestRecordIsDetected() {
    suite.sql("DELETE FROM registry.audit_log WHERE seq = 4");
    JsonObject verdict = suite.get("/api/v1/audit/verify", ADMIN_TOKEN).json();
    assertThat(verdict.getBoolean("valid")).isFalse();
  }

  @Test
  void theAuditListPagesWithACursor() {
    Reply first = suite.get("/api/v1/audit?limit=3", ADMIN_TOKEN);
    assertThat(first.items()).hasSize(3);
    Reply rest = suite.get("/api/v1/audit?limit=3&cursor=" + first.json().getString("nextCursor"), ADMIN_TOKEN);
    assertThat(rest.items()).extracting(r -> r.getLong("seq")).containsExactly(4L);
    assertThat(rest.json().containsKey("nextCursor")).isFalse();
  }
}
