package io.axon.deploy.standalone;

import static io.axon.deploy.standalone.RunningSuite.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Environments replaced through the gateway over real HTTP, as an operator would: GET, edit, PUT with
 * the ETag; the refusals (stale or missing ETag, a role short of admin, every broken rule) change
 * nothing, and a secret variable never comes back out.
 */
class EnvironmentUpdateTest extends SuiteTest {
  private static final String ENVIRONMENTS = "/api/v1/environments/";
  private static final String SECRET = "hunter2-do-not-leak";

  private Reply get(String environment) {
    Reply reply = suite.get(ENVIRONMENTS + environment, ADMIN_TOKEN);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply;
  }

  private Reply put(String environment, String token, JsonObject body, Map<String, String> headers) {
    return suite.send(HttpMethod.PUT, ENVIRONMENTS + environment, token, Buffer.buffer(body.encode()), headers);
  }

  /** GETs {@code environment}, edits it with {@code edit} and PUTs it back with its ETag. */
  private Reply edit(String environment, Consumer<JsonObject> edit) {
    Reply current = get(environment);
    JsonObject body = current.json();
    edit.accept(body);
    return put(environment, ADMIN_TOKEN, body, Map.of("If-Match", current.etag()));
  }

  private static JsonObject restrictions(JsonObject environment) {
    return environment.getJsonObject("restrictions");
  }

  private static JsonObject variables(JsonObject environment) {
    return environment.getJsonObject("config").getJsonObject("variables");
  }

  private static JsonObject trigger(JsonObject environment) {
    return restrictions(environment).getJsonObject("rollbackPolicy").getJsonObject("automatic").getJsonArray("triggers").getJsonObject(0);
  }

  private static JsonObject window(String day, String start, String end, String zone) {
    return new JsonObject().put("days", new JsonArray().add(day)).put("start", start).put("end", end).put("timezone", zone);
  }

  private String token(String user, String role) {
    Reply reply = suite.post("/api/v1/tokens", ADMIN_TOKEN, new JsonObject().put("user", user).put("roles", new JsonArray().add(role)));
    assertThat(reply.status()).isEqualTo(201);
    return reply.json().getString("token");
  }

  @Test
  void aPutWithTheETagFromGetReplacesTheEnvironmentAuditedAndAnnounced() {
    Reply before = get("staging");
    Reply replaced = edit("staging", env -> {
      restrictions(env).put("maxConcurrentDeployments", 8).put("progressDeadline", 900_000)
          .put("deploymentWindows", new JsonArray().add(window("monday", "09:00", "17:30", "Europe/Paris")))
          .put("freezes", new JsonArray().add(new JsonObject().put("from", "2025-12-20T00:00:00Z").put("to", "2026-01-05T00:00:00Z")
              .put("reason", "holidays")));
      variables(env).put("LOG_LEVEL", "debug");
    });
    assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
    assertThat(revision(replaced.etag())).isEqualTo(revision(before.etag()) + 1);
    Reply after = get("staging");
    assertThat(after.etag()).isEqualTo(replaced.etag());
    assertThat(after.json()).isEqualTo(replaced.json());
    JsonObject restrictions = restrictions(after.json());
    assertThat(restrictions.getInteger("maxConcurrentDeployments")).isEqualTo(8);
    assertThat(restrictions.getLong("progressDeadline")).isEqualTo(900_000L);
    assertThat(restrictions.getLong("approvalExpiry")).as("a default filled in").isEqualTo(86_400_000L);
    assertThat(restrictions.getJsonArray("deploymentWindows").getJsonObject(0).getString("timezone")).isEqualTo("Europe/Paris");
    assertThat(variables(after.json()).getString("LOG_LEVEL")).isEqualTo("debug");

    List<JsonObject> audit = suite.get("/api/v1/audit?subject=environments/staging", ADMIN_TOKEN).items();
    assertThat(audit).last().satisfies(record -> {
      assertThat(record.getString("action")).isEqualTo("environment.update");
      assertThat(record.getString("service")).isEqualTo("deployer");
      assertThat(record.getJsonObject("details").getInteger("revision")).isEqualTo(revision(replaced.etag()));
    });
    assertThat(suite.sqlColumn("SELECT event->>'type' FROM deployer.outbox WHERE subject = 'environments/staging'"
        + " AND (event->'data'->>'revision')::int = " + revision(replaced.etag()))).containsExactly("axon.environment.updated");
  }

  @Test
  void aStaleETagIs412AMissingOneIs428AndNeitherChangesAnything() {
    Reply first = get("development");
    assertThat(edit("development", env -> restrictions(env).put("maxConcurrentDeployments", 9)).status()).isEqualTo(200);
    Reply current = get("development");

    Reply stale = put("development", ADMIN_TOKEN, first.json(), Map.of("If-Match", first.etag()));
    assertThat(stale.isProblem(412)).as(stale.toString()).isTrue();
    assertThat(stale.errorPaths()).containsExactly("header/If-Match");
    Reply missing = put("development", ADMIN_TOKEN, first.json(), Map.of());
    assertThat(missing.isProblem(428)).as(missing.toString()).isTrue();
    assertThat(missing.errorPaths()).containsExactly("header/If-Match");
    assertThat(put("nowhere", ADMIN_TOKEN, first.json(), Map.of("If-Match", first.etag())).isProblem(404)).isTrue();
    assertThat(get("development").text()).isEqualTo(current.text());
    assertThat(get("development").etag()).isEqualTo(current.etag());
  }

  @Test
  void onlyAnAdminMayReplaceAnEnvironment() {
    Reply current = get("production");
    for (String role : List.of("viewer", "author", "deployer", "approver")) {
      Reply refused = put("production", token("someone-" + role, role), current.json(), Map.of("If-Match", current.etag()));
      assertThat(refused.isProblem(403)).as(role + ": " + refused).isTrue();
    }
    assertThat(put("production", null, current.json(), Map.of("If-Match", current.etag())).isProblem(401)).isTrue();
    assertThat(get("production").etag()).isEqualTo(current.etag());
  }

  /** A change refused with {@code status}, naming each of {@code paths} among its errors; the environment as it was. */
  private void refused(int status, Consumer<JsonObject> change, String... paths) {
    Reply before = get("development");
    Reply refused = edit("development", change);
    assertThat(refused.isProblem(status)).as(refused.toString()).isTrue();
    assertThat(refused.errorPaths()).as(refused.toString()).contains(paths);
    assertThat(get("development").text()).as("nothing changed").isEqualTo(before.text());
    assertThat(get("development").etag()).isEqualTo(before.etag());
  }

  @Test
  void eachBrokenRuleIsRefusedAt422WithItsPathAndNothingChanges() {
    String r = "/restrictions";
    refused(422, env -> restrictions(env).getJsonArray("allowedVersionStatuses").add("retired"), r + "/allowedVersionStatuses/2");
    refused(422, env -> restrictions(env).getJsonArray("allowedVersionStatuses").add("archived"), r + "/allowedVersionStatuses/2");
    refused(422, env -> restrictions(env).put("requiresApproval", true).put("approvalsRequired", 0), r + "/approvalsRequired");
    refused(422, env -> restrictions(env).put("approvalsRequired", 21), r + "/approvalsRequired");
    refused(422, env -> restrictions(env).put("maxConcurrentDeployments", 0), r + "/maxConcurrentDeployments");
    refused(422, env -> restrictions(env).put("maxConcurrentDeployments", 1001), r + "/maxConcurrentDeployments");
    refused(422, env -> restrictions(env).put("deploymentWindows", new JsonArray().add(window("caturday", "02:00", "04:00", "UTC"))),
        r + "/deploymentWindows/0/days/0");
    refused(422, env -> restrictions(env).put("deploymentWindows", new JsonArray().add(window("monday", "2am", "04:00", "UTC"))),
        r + "/deploymentWindows/0/start");
    refused(422, env -> restrictions(env).put("deploymentWindows", new JsonArray().add(window("monday", "04:00", "02:00", "UTC"))),
        r + "/deploymentWindows/0/end");
    refused(422, env -> restrictions(env).put("deploymentWindows", new JsonArray().add(window("monday", "02:00", "04:00", "UTC"))
        .add(window("monday", "03:00", "05:00", "UTC"))), r + "/deploymentWindows/1");
    refused(422, env -> restrictions(env).put("deploymentWindows", new JsonArray().add(window("monday", "02:00", "04:00", "Mars/Base"))),
        r + "/deploymentWindows/0/timezone");
    refused(422, env -> restrictions(env).put("deploymentWindows", new JsonArray().add(window("monday", "02:00", "04:00", "+02:00"))),
        r + "/deploymentWindows/0/timezone");
    refused(422, env -> restrictions(env).put("freezes", new JsonArray().add(new JsonObject()
        .put("from", "2026-01-05T00:00:00Z").put("to", "2025-12-20T00:00:00Z"))), r + "/freezes/0/to");
    refused(422, env -> restrictions(env).put("freezes", new JsonArray().add(new JsonObject()
        .put("from", "next week").put("to", "2025-12-20T00:00:00Z"))), r + "/freezes/0/from");
    refused(422, env -> restrictions(env).put("promotionSource", "qa"), r + "/promotionSource");
    refused(422, env -> restrictions(env).put("promotionSource", "development"), r + "/promotionSource");
    refused(422, env -> restrictions(env).put("promotionSource", "production"), r + "/promotionSource"); // production ← staging ← development
    refused(422, env -> trigger(env).put("type", "vibes"), r + "/rollbackPolicy/automatic/triggers/0/type");
    refused(422, env -> trigger(env).put("threshold", -1), r + "/rollbackPolicy/automatic/triggers/0/threshold");
    refused(422, env -> trigger(env).put("duration", 0), r + "/rollbackPolicy/automatic/triggers/0/duration");
    refused(422, env -> trigger(env).put("minSamples", 0), r + "/rollbackPolicy/automatic/triggers/0/minSamples");
    refused(422, env -> trigger(env).put("type", "response_time").put("threshold", 500), r + "/rollbackPolicy/automatic/triggers/0/metric");
    refused(422, env -> trigger(env).put("type", "custom_metric"), r + "/rollbackPolicy/automatic/triggers/0/metric");
    refused(422, env -> env.put("name", "dev"), "/name");
    refused(422, env -> restrictions(env).put("maxConcurrentDeployments", new java.math.BigInteger("123456789012345678901234567890")),
        r + "/maxConcurrentDeployments");
  }

  @Test
  void everyProblemOfABodyIsListedAtOnce() {
    refused(422, env -> {
      restrictions(env).put("maxConcurrentDeployments", 0).put("promotionSource", "qa");
      trigger(env).put("minSamples", 0);
    }, "/restrictions/maxConcurrentDeployments", "/restrictions/promotionSource", "/restrictions/rollbackPolicy/automatic/triggers/0/minSamples");
  }

  @Test
  void wrongJsonTypesAre400AndTheBrokenRulesAreListedWithThem() {
    refused(400, env -> restrictions(env).put("maxConcurrentDeployments", "3"), "/restrictions/maxConcurrentDeployments");
    refused(400, env -> restrictions(env).put("deploymentWindows", new JsonArray().add("tuesday")), "/restrictions/deploymentWindows/0");
    refused(400, env -> restrictions(env).put("surprise", true), "/restrictions/surprise");
    refused(400, env -> env.remove("restrictions"), "/restrictions");
    refused(400, env -> variables(env).put("N", 5), "/config/variables/N");
    refused(400, env -> {
      env.put("config", "none");
      restrictions(env).put("promotionSource", "qa");
    }, "/config", "/restrictions/promotionSource");
    Reply current = get("development");
    String hugeBody = current.text().replaceFirst("\"maxConcurrentDeployments\":\\d+", "\"maxConcurrentDeployments\":1e400");
    assertThat(hugeBody).contains("1e400");
    Reply huge = suite.send(HttpMethod.PUT, ENVIRONMENTS + "development", ADMIN_TOKEN, Buffer.buffer(hugeBody),
        Map.of("If-Match", current.etag()));
    assertThat(huge.isProblem(400)).as(huge.toString()).isTrue();
    assertThat(huge.errorPaths()).contains("/restrictions/maxConcurrentDeployments");
  }

  @Test
  void aSecretIsSealedInTheDatabaseNeverReturnedAndKeptWhenSentBackWithoutItsValue() {
    Reply set = edit("production", env -> variables(env).put("API_URL", "https://api.example.com")
        .put("DB_PASSWORD", new JsonObject().put("value", SECRET).put("secret", true)));
    assertThat(set.status()).as(set.toString()).isEqualTo(200);
    assertThat(set.text()).doesNotContain(SECRET);
    JsonObject shown = variables(get("production").json());
    assertThat(shown.getValue("DB_PASSWORD")).isEqualTo(new JsonObject().put("secret", true));
    assertThat(shown.getString("API_URL")).isEqualTo("https://api.example.com");
    String stored = sealedPassword();
    assertThat(stored).startsWith("v1:").doesNotContain(SECRET);
    assertThat(suite.sqlColumn("SELECT config::text FROM deployer.environments")).noneMatch(row -> row.contains(SECRET));

    Reply sentBack = edit("production", env -> restrictions(env).put("maxConcurrentDeployments", 2));
    assertThat(sentBack.status()).as(sentBack.toString()).isEqualTo(200);
    assertThat(sealedPassword()).as("kept as it was").isEqualTo(stored);

    Reply nothingToKeep = edit("production", env -> variables(env).put("NEW_SECRET", new JsonObject().put("secret", true)));
    assertThat(nothingToKeep.isProblem(422)).as(nothingToKeep.toString()).isTrue();
    assertThat(nothingToKeep.errorPaths()).containsExactly("/config/variables/NEW_SECRET");

    assertThat(suite.sqlColumn("SELECT event::text FROM deployer.outbox")).noneMatch(row -> row.contains(SECRET));
    assertThat(suite.get("/api/v1/audit?subject=environments/production", ADMIN_TOKEN).text()).doesNotContain(SECRET)
        .contains("DB_PASSWORD");
  }

  @Test
  void aPutRetriedWithItsIdempotencyKeyHappensOnceAndTheKeyKeepsNoSecret() {
    Reply current = get("staging");
    JsonObject body = current.json();
    variables(body).put("TOKEN", new JsonObject().put("value", SECRET).put("secret", true));
    Map<String, String> headers = new HashMap<>(Map.of("If-Match", current.etag(), "Idempotency-Key", "env-put-1"));
    Reply first = put("staging", ADMIN_TOKEN, body, headers);
    assertThat(first.status()).as(first.toString()).isEqualTo(200);
    Reply again = put("staging", ADMIN_TOKEN, body, headers);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.etag()).isEqualTo(first.etag()).isEqualTo(get("staging").etag());
    assertThat(suite.sqlColumn("SELECT fingerprint || reply::text FROM deployer.idempotency_keys")).isNotEmpty()
        .noneMatch(row -> row.contains(SECRET));
  }

  /** The revision an ETag such as "staging-3" names. */
  private static int revision(String etag) {
    return Integer.parseInt(etag.replaceAll("^\"[a-z]+-(\\d+)\"$", "$1"));
  }

  private String sealedPassword() {
    return suite.sqlColumn("SELECT config->'variables'->'DB_PASSWORD'->>'sealed' FROM deployer.environments WHERE name = 'production'")
        .get(0);
  }
}
