package io.axon.deploy.standalone;

import static io.axon.deploy.standalone.RunningSuite.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
      assertThat(r.getString("actorTokenId")).as("the token that acted, not only a user name").isNotBlank();
      assertThat(r.getString("service")).isEqualTo("registry");
      assertThat(r.getString("requestId")).isNotBlank();
    });
    assertThat(records.get(2).getJsonObject("details").getString("reason")).isEqualTo("tested");

    List<JsonObject> order = suite.get("/api/v1/audit?subject=workflows/order", ADMIN_TOKEN).items();
    assertThat(order).as("a sibling whose key merely starts the same is not below the subject")
        .extracting(r -> r.getString("subject")).containsExactly("workflows/order", "workflows/order/versions/1.0.0");
    assertThat(order.get(1).getString("requestId")).isEqualTo("req-42");
  }

  /** As an intruder with the database's superuser would: with the append-only triggers out of the way. */
  private void intrude(String statement) {
    suite.sql("SET session_replication_role = replica; " + statement);
  }

  private JsonObject verify(String query) {
    return suite.get("/api/v1/audit/verify" + query, ADMIN_TOKEN).json();
  }

  @Test
  void anIntactTrailVerifies() {
    JsonObject verdict = verify("");
    assertThat(verdict.getBoolean("valid")).as(verdict.encode()).isTrue();
    assertThat(verdict.getLong("records")).isEqualTo(4);
  }

  @Test
  void theDatabaseRefusesToUpdateOrDeleteAuditRecords() {
    assertThatThrownBy(() -> suite.sql("UPDATE registry.audit_log SET actor = 'mallory' WHERE seq = 2"))
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> suite.sql("DELETE FROM registry.audit_log WHERE seq = 4")).hasMessageContaining("append-only");
    assertThatThrownBy(() -> suite.sql("TRUNCATE registry.audit_log")).hasMessageContaining("append-only");
    assertThatThrownBy(() -> suite.sql("UPDATE registry.audit_head SET seq = 3")).hasMessageContaining("forward");
    assertThat(verify("").getBoolean("valid")).isTrue();
  }

  @Test
  void anEditedRecordIsDetected() {
    intrude("UPDATE registry.audit_log SET actor = 'mallory' WHERE seq = 2");
    JsonObject verdict = verify("?full=true");
    assertThat(verdict.getBoolean("valid")).isFalse();
    assertThat(verdict.getJsonArray("problems").getJsonObject(0).getLong("seq")).isEqualTo(2);
  }

  @Test
  void recordsEditedOrDeletedBelowTheLastVerifiedHeadAreFoundByTheNextPlainVerify() {
    assertThat(verify("").getBoolean("valid")).as("verified once: a checkpoint at the head").isTrue();
    intrude("UPDATE registry.audit_log SET actor = 'mallory' WHERE seq = 2");
    JsonObject edited = verify("");
    assertThat(edited.getBoolean("valid")).as(edited.encode()).isFalse();
    assertThat(edited.getJsonObject("scrubbed").getLong("from")).isEqualTo(1);
    assertThat(edited.getJsonArray("problems").stream().map(p -> ((JsonObject) p).getLong("seq"))).contains(2L);

    intrude("DELETE FROM registry.audit_log WHERE seq = 1");
    JsonObject deleted = verify("");
    assertThat(deleted.getBoolean("valid")).isFalse();
    assertThat(deleted.getJsonArray("problems").encode()).contains("were deleted");
  }

  @Test
  void aRecordRewrittenWithEveryLaterHashRecomputedIsDetectedWithoutTheKey() {
    assertThat(verify("").getBoolean("valid")).as("verified once: a checkpoint at the head").isTrue();
    // what an intruder can do with SQL alone: rewrite record 2, re-link it and every later record, move the head
    intrude("""
        UPDATE registry.audit_log SET actor = 'mallory' WHERE seq = 2;
        DO $$
        DECLARE r record; prev text;
        BEGIN
          SELECT hash INTO prev FROM registry.audit_log WHERE seq = 1;
          FOR r IN SELECT * FROM registry.audit_log WHERE seq >= 2 ORDER BY seq LOOP
            UPDATE registry.audit_log SET prev_hash = prev,
                hash = encode(sha256(convert_to(prev || r.actor || r.action || r.subject || r.details::text, 'UTF8')), 'hex')
              WHERE seq = r.seq RETURNING hash INTO prev;
          END LOOP;
          UPDATE registry.audit_head SET hash = prev;
        END $$;""");
    JsonObject incremental = verify("");
    assertThat(incremental.getBoolean("valid")).as(incremental.encode()).isFalse();
    JsonObject full = verify("?full=true");
    assertThat(full.getBoolean("valid")).isFalse();
    assertThat(full.getJsonArray("problems").stream().map(p -> ((JsonObject) p).getLong("seq"))).contains(2L, 3L, 4L);
  }

  @Test
  void aDeletedRecordIsDetected() {
    intrude("DELETE FROM registry.audit_log WHERE seq = 2");
    JsonObject verdict = verify("");
    assertThat(verdict.getBoolean("valid")).isFalse();
    assertThat(verdict.getJsonArray("problems").encode()).contains("records 2 to 2 are missing");
  }

  @Test
  void aHeadKeptElsewhereExposesADeletedTailThatTheDatabaseHid() {
    JsonObject kept = suite.get("/api/v1/audit/head", ADMIN_TOKEN).json();
    assertThat(kept.getLong("seq")).isEqualTo(4);
    assertThat(verify("?head=" + kept.getString("head")).getJsonObject("keptHead").getBoolean("inChain")).isTrue();

    intrude("DELETE FROM registry.audit_log WHERE seq = 4;"
        + " UPDATE registry.audit_head SET seq = 3, hash = (SELECT hash FROM registry.audit_log WHERE seq = 3);"
        + " DELETE FROM registry.audit_checkpoints");
    JsonObject verdict = verify("?full=true&head=" + kept.getString("head"));
    assertThat(verdict.getJsonObject("keptHead").getBoolean("inChain")).isFalse();
    assertThat(verdict.getBoolean("valid")).as("a chain that lost a head the user kept is not valid").isFalse();
  }

  @Test
  void verifyingAgainChecksOnlyWhatWasAppendedSince() {
    assertThat(verify("").getLong("checked")).isEqualTo(4);
    suite.post("/api/v1/workflows", ADMIN_TOKEN, new JsonObject().put("key", "later").put("name", "Later"));
    JsonObject again = verify("");
    assertThat(again.getBoolean("valid")).isTrue();
    assertThat(again.getLong("from")).isEqualTo(4);
    assertThat(again.getLong("checked")).isEqualTo(1);
    assertThat(verify("?full=true").getLong("checked")).isEqualTo(5);
  }

  @Test
  void aMalformedKeptHeadIsABadRequest() {
    Reply reply = suite.get("/api/v1/audit/verify?head=nonsense", ADMIN_TOKEN);
    assertThat(reply.isProblem(400)).as(reply.toString()).isTrue();
    assertThat(reply.errorPaths()).containsExactly("query/head");
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
