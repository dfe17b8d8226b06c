package io.axon.deploy.deployer.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.common.error.ProblemException;
import io.axon.deploy.common.registry.VersionStatus;
import io.axon.deploy.deployer.environment.EnvironmentConfig.Variable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A PUT body read and checked as the deployer does it, without a database. */
class EnvironmentRequestTest {
  private static final String R = "/representation/restrictions";
  private static final SecretCipher CIPHER = SecretCipher.of(new SecureRandom().generateSeed(32));

  private static Environment environment(String name, String source, JsonObject restrictions) {
    return Environment.fromStored(name, name, new JsonObject().put("variables", new JsonObject()),
        restrictions.copy().put("promotionSource", source), 1);
  }

  /** The seeded production restrictions (V1 migration). */
  private static JsonObject production() {
    return new JsonObject("""
        {"allowedVersionStatuses": ["published"], "requiresApproval": true, "approvalsRequired": 1,
         "maxConcurrentDeployments": 3,
         "deploymentWindows": [{"days": ["tuesday", "thursday"], "start": "02:00", "end": "04:00", "timezone": "UTC"}],
         "freezes": [], "promotionSource": "staging",
         "rollbackPolicy": {"automatic": {"enabled": true, "triggers": [
             {"type": "error_rate", "threshold": 0.02, "duration": 60000, "minSamples": 200},
             {"type": "response_time", "threshold": 2000, "duration": 120000, "minSamples": 200, "metric": "p99"}],
             "timeout": 3600000},
           "manual": {"enabled": true, "approvalRequired": true}}}""");
  }

  private static final Environment DEVELOPMENT = environment("development", null, production().put("requiresApproval", false));
  private static final Environment STAGING = environment("staging", "development", production().put("requiresApproval", false));
  private static final Environment PRODUCTION = environment("production", "staging", production());
  private static final List<Environment> ALL = List.of(DEVELOPMENT, STAGING, PRODUCTION);

  private static Environment put(Environment current, JsonObject representation) {
    return EnvironmentRequest.read(current.name(), representation, CIPHER).applyTo(current, ALL);
  }

  /** Production's representation, as GET gives it, changed by {@code edit}. */
  private static JsonObject edited(Consumer<JsonObject> edit) {
    JsonObject json = PRODUCTION.toJson();
    edit.accept(json);
    return json;
  }

  private static Problem refusal(Environment current, JsonObject representation) {
    ProblemException refused = catchThrowableOfType(() -> put(current, representation), ProblemException.class);
    assertThat(refused).as("refused").isNotNull();
    return refused.problem();
  }

  private static void refused(int status, String path, Consumer<JsonObject> edit) {
    Problem problem = refusal(PRODUCTION, edited(edit));
    assertThat(problem.status()).as(problem.toString()).isEqualTo(status);
    assertThat(problem.errors()).extracting(FieldError::path).as(problem.toString()).contains(path);
  }

  private static JsonObject restrictions(JsonObject json) {
    return json.getJsonObject("restrictions");
  }

  private static JsonObject window(JsonObject json) {
    return restrictions(json).getJsonArray("deploymentWindows").getJsonObject(0);
  }

  private static JsonObject trigger(JsonObject json, int index) {
    return restrictions(json).getJsonObject("rollbackPolicy").getJsonObject("automatic").getJsonArray("triggers").getJsonObject(index);
  }

  @Test
  void whatGetGivesCanBeSentBackAndChangesNothing() {
    Environment same = put(PRODUCTION, PRODUCTION.toJson());
    assertThat(same).isEqualTo(PRODUCTION);
    assertThat(same.restrictions().approvalExpiry()).isEqualTo(Duration.ofDays(1));
    assertThat(same.restrictions().progressDeadline()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void theSeededProductionReadsAsTyped() {
    assertThat(PRODUCTION.allows(VersionStatus.PUBLISHED)).isTrue();
    assertThat(PRODUCTION.allows(VersionStatus.DRAFT)).isFalse();
    assertThat(PRODUCTION.allowedVersionStatuses()).containsExactly("published");
    assertThat(PRODUCTION.approvalsRequired()).isEqualTo(1);
    assertThat(PRODUCTION.maxConcurrentDeployments()).isEqualTo(3);
    assertThat(PRODUCTION.promotionSource()).contains("staging");
    assertThat(PRODUCTION.schedule().windows()).hasSize(1);
    assertThat(PRODUCTION.restrictions().rollbackPolicy().automatic().triggers()).extracting(Trigger::type)
        .containsExactly(io.axon.deploy.common.deployer.TriggerType.ERROR_RATE,
            io.axon.deploy.common.deployer.TriggerType.RESPONSE_TIME);
    assertThat(trigger(PRODUCTION.toJson(), 1).getValue("threshold")).isEqualTo(2000L);
  }

  @Test
  void aChangeIsTakenWhole() {
    Environment changed = put(PRODUCTION, edited(json -> {
      restrictions(json).put("maxConcurrentDeployments", 7).put("approvalsRequired", 2).put("progressDeadline", 900000)
          .put("allowedVersionStatuses", new JsonArray().add("published").add("deprecated"))
          .put("freezes", new JsonArray().add(new JsonObject().put("from", "2025-12-20T00:00:00+01:00")
              .put("to", "2026-01-05T00:00:00Z").put("reason", "holidays")));
      json.getJsonObject("config").put("timeoutMs", 30000).getJsonObject("variables").put("LOG_LEVEL", "info");
    }));
    assertThat(changed.maxConcurrentDeployments()).isEqualTo(7);
    assertThat(changed.approvalsRequired()).isEqualTo(2);
    assertThat(changed.restrictions().progressDeadline()).isEqualTo(Duration.ofMinutes(15));
    assertThat(changed.allows(VersionStatus.DEPRECATED)).isTrue();
    assertThat(changed.schedule().freezes().get(0).from()).hasToString("2025-12-19T23:00:00Z");
    assertThat(changed.config().variables()).containsEntry("LOG_LEVEL", Variable.plain("info"));
    assertThat(changed.toJson().getJsonObject("config").getInteger("timeoutMs")).isEqualTo(30000);
  }

  @Test
  void unknownAndArchivedStatusesAreRefused() {
    refused(422, R + "/allowedVersionStatuses/1", json -> restrictions(json).getJsonArray("allowedVersionStatuses").add("retired"));
    refused(422, R + "/allowedVersionStatuses/1", json -> restrictions(json).getJsonArray("allowedVersionStatuses").add("archived"));
    refused(422, R + "/allowedVersionStatuses", json -> restrictions(json).put("allowedVersionStatuses", new JsonArray()));
  }

  @Test
  void approvalsAndConcurrencyStayInTheirRanges() {
    refused(422, R + "/approvalsRequired", json -> restrictions(json).put("approvalsRequired", 0));
    refused(422, R + "/approvalsRequired", json -> restrictions(json).put("approvalsRequired", 21));
    refused(422, R + "/maxConcurrentDeployments", json -> restrictions(json).put("maxConcurrentDeployments", 0));
    refused(422, R + "/maxConcurrentDeployments", json -> restrictions(json).put("maxConcurrentDeployments", 1001));
    refused(422, R + "/maxConcurrentDeployments", json -> restrictions(json).put("maxConcurrentDeployments",
        new java.math.BigInteger("123456789012345678901234567890")));
    refused(422, R + "/maxConcurrentDeployments", json -> restrictions(json).put("maxConcurrentDeployments", 1e308));
    refused(422, R + "/progressDeadline", json -> restrictions(json).put("progressDeadline", 0));
  }

  @Test
  void windowsAreCheckedDayTimeOrderOverlapAndZone() {
    refused(422, R + "/deploymentWindows/0/days/2", json -> window(json).getJsonArray("days").add("caturday"));
    refused(422, R + "/deploymentWindows/0/start", json -> window(json).put("start", "2:00"));
    refused(422, R + "/deploymentWindows/0/end", json -> window(json).put("end", "25:00"));
    refused(422, R + "/deploymentWindows/0/end", json -> window(json).put("start", "04:00").put("end", "02:00"));
    refused(422, R + "/deploymentWindows/0/end", json -> window(json).put("end", "02:00"));
    refused(422, R + "/deploymentWindows/0/end", json -> window(json).put("end", "00:00"));
    refused(422, R + "/deploymentWindows/0/timezone", json -> window(json).put("timezone", "Mars/Olympus"));
    refused(422, R + "/deploymentWindows/0/timezone", json -> window(json).put("timezone", "+02:00"));
    refused(422, R + "/deploymentWindows/1", json -> restrictions(json).getJsonArray("deploymentWindows").add(new JsonObject()
        .put("days", new JsonArray().add("thursday")).put("start", "03:30").put("end", "05:00").put("timezone", "UTC")));
  }

  @Test
  void windowsThatTouchOrLiveInOtherZonesDoNotOverlap() {
    Environment both = put(PRODUCTION, edited(json -> restrictions(json).getJsonArray("deploymentWindows")
        .add(new JsonObject().put("days", new JsonArray().add("tuesday")).put("start", "04:00").put("end", "24:00").put("timezone", "UTC"))
        .add(new JsonObject().put("days", new JsonArray().add("tuesday")).put("start", "03:00:30").put("end", "05:00")
            .put("timezone", "Europe/Paris"))));
    assertThat(both.schedule().windows()).hasSize(3);
    assertThat(both.toJson().getJsonObject("restrictions").getJsonArray("deploymentWindows").getJsonObject(1).getString("end"))
        .isEqualTo("24:00");
  }

  @Test
  void freezesNeedInstantsInOrder() {
    JsonObject freeze = new JsonObject().put("from", "2026-01-05T00:00:00Z").put("to", "2025-12-20T00:00:00Z");
    refused(422, R + "/freezes/0/to", json -> restrictions(json).put("freezes", new JsonArray().add(freeze)));
    refused(422, R + "/freezes/0/from", json -> restrictions(json).put("freezes", new JsonArray().add(freeze.copy().put("from", "soon"))));
    refused(422, R + "/freezes/0/to", json -> restrictions(json).put("freezes", new JsonArray().add(freeze.copy()
        .put("from", "2025-01-01T00:00:00Z").put("to", "+999999999-12-31T23:59:59Z"))));
  }

  @Test
  void aPromotionSourceIsAnotherExistingEnvironmentWithoutACycle() {
    refused(422, R + "/promotionSource", json -> restrictions(json).put("promotionSource", "qa"));
    refused(422, R + "/promotionSource", json -> restrictions(json).put("promotionSource", "production"));
    JsonObject cycle = DEVELOPMENT.toJson();
    restrictions(cycle).put("promotionSource", "production");
    Problem problem = refusal(DEVELOPMENT, cycle);
    assertThat(problem.errors()).extracting(FieldError::message)
        .containsExactly("promoting from production would make a cycle: development ← production ← staging ← development");
  }

  @Test
  void triggersAreCheckedTypeThresholdDurationSamplesAndMetric() {
    refused(422, R + "/rollbackPolicy/automatic/triggers/0/type", json -> trigger(json, 0).put("type", "vibes"));
    refused(422, R + "/rollbackPolicy/automatic/triggers/0/threshold", json -> trigger(json, 0).put("threshold", -0.1));
    refused(422, R + "/rollbackPolicy/automatic/triggers/0/threshold", json -> trigger(json, 0).put("threshold", 1.5));
    refused(422, R + "/rollbackPolicy/automatic/triggers/0/duration", json -> trigger(json, 0).put("duration", 0));
    refused(422, R + "/rollbackPolicy/automatic/triggers/0/minSamples", json -> trigger(json, 0).put("minSamples", 0));
    refused(422, R + "/rollbackPolicy/automatic/triggers/1/metric", json -> trigger(json, 1).remove("metric"));
    refused(422, R + "/rollbackPolicy/automatic/triggers/1/metric", json -> trigger(json, 1).put("metric", "p42"));
    refused(422, R + "/rollbackPolicy/automatic/triggers/0/metric", json -> trigger(json, 0).put("type", "custom_metric"));
    refused(422, R + "/rollbackPolicy/automatic/triggers/0/metric", json -> trigger(json, 0).put("metric", "p99"));
  }

  @Test
  void wrongJsonTypesAreMalformedAndListedWithTheBrokenRules() {
    Problem problem = refusal(PRODUCTION, edited(json -> {
      restrictions(json).put("requiresApproval", "yes").put("maxConcurrentDeployments", 1.5).put("approvalsRequired", 99)
          .put("surprise", true);
      window(json).put("days", "tuesday");
      trigger(json, 0).put("duration", "1m");
      json.remove("config");
    }));
    assertThat(problem.status()).isEqualTo(400);
    assertThat(problem.errors()).extracting(FieldError::path).containsExactlyInAnyOrder(
        R + "/requiresApproval", R + "/maxConcurrentDeployments", R + "/surprise", R + "/deploymentWindows/0/days",
        R + "/rollbackPolicy/automatic/triggers/0/duration", "/representation/config", R + "/approvalsRequired");
    assertThat(refusal(PRODUCTION, null).status()).isEqualTo(400);
  }

  @Test
  void everyBrokenRuleIsListedAtOnce() {
    Problem problem = refusal(PRODUCTION, edited(json -> {
      restrictions(json).put("maxConcurrentDeployments", 0).put("promotionSource", "qa");
      window(json).put("timezone", "Nowhere").put("start", "99:99");
      trigger(json, 0).put("minSamples", 0);
      json.put("name", "prod");
    }));
    assertThat(problem.status()).isEqualTo(422);
    assertThat(problem.errors()).extracting(FieldError::path).containsExactlyInAnyOrder(
        R + "/maxConcurrentDeployments", R + "/promotionSource", R + "/deploymentWindows/0/timezone",
        R + "/deploymentWindows/0/start", R + "/rollbackPolicy/automatic/triggers/0/minSamples", "/representation/name");
  }

  @Test
  void aSecretIsSealedAndASecretWithoutAValueKeepsTheStoredOne() {
    Environment withSecret = put(PRODUCTION, edited(json -> json.getJsonObject("config").getJsonObject("variables")
        .put("DB_PASSWORD", new JsonObject().put("value", "hunter2").put("secret", true)).put("PLAIN", new JsonObject().put("value", "x"))));
    Variable sealed = withSecret.config().variables().get("DB_PASSWORD");
    assertThat(sealed.secret()).isTrue();
    assertThat(CIPHER.open("production", "DB_PASSWORD", sealed.value())).isEqualTo("hunter2");
    assertThat(withSecret.config().variables()).containsEntry("PLAIN", Variable.plain("x"));
    JsonObject shown = withSecret.toJson();
    assertThat(shown.encode()).doesNotContain("hunter2").doesNotContain(sealed.value());
    assertThat(shown.getJsonObject("config").getJsonObject("variables").getValue("DB_PASSWORD"))
        .isEqualTo(new JsonObject().put("secret", true));
    Environment kept = put(withSecret, shown);
    assertThat(kept.config().variables().get("DB_PASSWORD")).isEqualTo(sealed);
    refused(422, "/representation/config/variables/DB_PASSWORD", json -> json.getJsonObject("config").getJsonObject("variables")
        .put("DB_PASSWORD", new JsonObject().put("secret", true)));
  }

  @Test
  void variablesAreNamedAndShaped() {
    refused(422, "/representation/config/variables/1X", json -> json.getJsonObject("config").getJsonObject("variables").put("1X", "v"));
    refused(422, "/representation/config/variables/a~1b", json -> json.getJsonObject("config").getJsonObject("variables").put("a/b", "v"));
    refused(400, "/representation/config/variables/N", json -> json.getJsonObject("config").getJsonObject("variables").put("N", 5));
    refused(400, "/representation/config/variables/N/sealed", json -> json.getJsonObject("config").getJsonObject("variables")
        .put("N", new JsonObject().put("secret", true).put("sealed", "v1:AAAA")));
  }

  @Test
  void anIdempotencyFingerprintHoldsNoSecretValue() {
    JsonObject body = new JsonObject().put("environment", "production").put("representation", edited(json ->
        json.getJsonObject("config").getJsonObject("variables").put("S", new JsonObject().put("value", "hunter2").put("secret", true))));
    JsonObject fingerprinted = EnvironmentRequest.fingerprinted(body, CIPHER);
    assertThat(fingerprinted.encode()).doesNotContain("hunter2");
    assertThat(body.encode()).contains("hunter2");
    assertThat(fingerprinted).isEqualTo(EnvironmentRequest.fingerprinted(body, CIPHER));
  }

  @Test
  void theRuleCheckReportsBrokenRulesOnly() {
    JsonObject json = edited(j -> restrictions(j).put("maxConcurrentDeployments", "x").put("promotionSource", "production"));
    List<FieldError> rules = EnvironmentRequest.read("", json, CIPHER).rules(ALL);
    assertThat(rules).extracting(FieldError::path).containsExactly(R + "/promotionSource");
  }
}
