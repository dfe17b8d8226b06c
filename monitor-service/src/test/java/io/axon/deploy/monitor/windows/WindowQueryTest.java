package io.axon.deploy.monitor.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.common.error.ProblemException;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A metrics.window request: what is malformed (400, every field named) and what breaks a rule (422). */
class WindowQueryTest {
  private final ExecutionWindows windows = new ExecutionWindows(300_000, System::currentTimeMillis);

  private ProblemException refused(JsonObject body) {
    try {
      WindowQuery.from(body, windows);
    } catch (ProblemException problem) {
      return problem;
    }
    throw new AssertionError("accepted " + body.encode());
  }

  @Test
  void aWindowOfAMinuteUnlessAskedAndTheVersionIsOptional() {
    assertThat(WindowQuery.from(new JsonObject().put("environment", "production").put("workflow", "order-sync"), windows))
        .isEqualTo(new WindowQuery("production", "order-sync", Optional.empty(), 60_000));
    assertThat(WindowQuery.from(new JsonObject().put("environment", "production").put("workflow", "order-sync")
        .put("version", "1.2.0").put("windowMs", 300_000), windows))
        .isEqualTo(new WindowQuery("production", "order-sync", Optional.of("1.2.0"), 300_000));
  }

  @Test
  void missingFieldsAndFieldsOfTheWrongTypeAreMalformedAndAllNamed() {
    ProblemException missing = refused(new JsonObject().put("windowMs", "60s"));
    assertThat(missing.problem().status()).isEqualTo(400);
    assertThat(missing.problem().errors()).extracting(FieldError::path)
        .containsExactly("/environment", "/workflow", "/windowMs");

    ProblemException wrongTypes = refused(new JsonObject().put("environment", 7).put("workflow", "w").put("version", 1)
        .put("windowMs", 1.5));
    assertThat(wrongTypes.problem().status()).isEqualTo(400);
    assertThat(wrongTypes.problem().errors()).extracting(FieldError::path)
        .containsExactly("/environment", "/version", "/windowMs");
  }

  @Test
  void aWindowShorterThanASecondOrLongerThanTheRetentionBreaksARule() {
    for (long windowMs : new long[] {999, 0, -5, 300_001}) {
      ProblemException problem = refused(new JsonObject().put("environment", "production").put("workflow", "w")
          .put("windowMs", windowMs));
      assertThat(problem.problem().status()).isEqualTo(422);
      assertThat(problem.problem().detail()).contains("from 1000 to 300000").contains("AXON_MONITOR_RETENTION_MS");
      assertThat(problem.problem().errors()).extracting(FieldError::path).containsExactly("/windowMs");
    }
    assertThatThrownBy(() -> windows.query("production", "w", Optional.empty(), 500))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
