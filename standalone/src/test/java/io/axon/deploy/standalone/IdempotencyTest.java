package io.axon.deploy.standalone;

import static io.axon.deploy.standalone.RunningSuite.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A write retried with the same Idempotency-Key happens once. */
class IdempotencyTest extends SuiteTest {
  private static final String WF = "/api/v1/workflows/retried";

  @BeforeAll
  void createWorkflow() {
    suite.post("/api/v1/workflows", ADMIN_TOKEN, new JsonObject().put("key", "retried").put("name", "Retried"));
  }

  private Reply post(String key, JsonObject body) {
    return post(WF, key, body);
  }

  private Reply post(String workflow, String key, JsonObject body) {
    return suite.send(HttpMethod.POST, workflow + "/versions", ADMIN_TOKEN, Buffer.buffer(body.encode()), Map.of("Idempotency-Key", key));
  }

  @Test
  void aRetriedBumpCreatesOneVersionAndGetsTheFirstAnswerAgain() {
    suite.post("/api/v1/workflows", ADMIN_TOKEN, new JsonObject().put("key", "bumped-once").put("name", "Bumped once"));
    String wf = "/api/v1/workflows/bumped-once";
    JsonObject request = new JsonObject().put("bump", "minor").put("definition", Definitions.valid("once"));
    Reply first = post(wf, "create-once", request);
    Reply retry = post(wf, "create-once", request);
    assertThat(first.status()).isEqualTo(201);
    assertThat(retry.status()).isEqualTo(201);
    assertThat(retry.json()).isEqualTo(first.json());
    assertThat(retry.etag()).isEqualTo(first.etag());
    assertThat(suite.get(wf + "/versions", ADMIN_TOKEN).items()).extracting(v -> v.getString("version")).containsExactly("0.1.0");
  }

  @Test
  void theSameKeyForAnotherRequestIsRefused() {
    assertThat(post("reused", new JsonObject().put("version", "5.0.0").put("definition", Definitions.valid(5))).status()).isEqualTo(201);
    Reply other = post("reused", new JsonObject().put("version", "6.0.0").put("definition", Definitions.valid(6)));
    assertThat(other.isProblem(422)).isTrue();
    assertThat(suite.get(WF + "/versions/6.0.0", ADMIN_TOKEN).isProblem(404)).isTrue();
  }

  @Test
  void aFailedRequestFreesItsKeyForTheCorrectedRetry() {
    Reply refused = post("fix-and-retry", new JsonObject().put("version", "7.0.0").put("definition", new JsonObject()));
    assertThat(refused.isProblem(422)).isTrue();
    Reply fixed = post("fix-and-retry", new JsonObject().put("version", "7.0.0").put("definition", Definitions.valid(7)));
    assertThat(fixed.status()).as(fixed.toString()).isEqualTo(201);
  }
}
