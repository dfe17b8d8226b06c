package io.axon.deploy.deployer.deployment;

import io.axon.deploy.deployer.strategy.StepKind;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** One step of a deployment's plan, persisted with its outcome. */
public record Step(int seq, String name, Status status, JsonObject detail, Optional<Instant> startedAt,
    Optional<Instant> finishedAt) {

  public enum Status {
    PENDING, RUNNING, SUCCEEDED, FAILED, SKIPPED;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Status fromWire(String value) {
      return valueOf(value.toUpperCase(Locale.ROOT));
    }
  }

  public StepKind kind() {
    return StepKind.fromWire(name).orElseThrow(() -> new IllegalStateException("unknown step " + name));
  }

  public boolean done() {
    return status == Status.SUCCEEDED || status == Status.SKIPPED;
  }

  public JsonObject toJson() {
    return new JsonObject().put("seq", seq).put("name", name).put("status", status.wire()).put("detail", detail)
        .put("startedAt", startedAt.map(Instant::toString).orElse(null))
        .put("finishedAt", finishedAt.map(Instant::toString).orElse(null));
  }
}
