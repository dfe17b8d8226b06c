package io.axon.deploy.deployer.deployment;

import io.axon.deploy.deployer.strategy.PlannedStep;
import io.axon.deploy.deployer.strategy.StepKind;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

  /** A plan's steps as a new deployment persists them: numbered from 1, none started. */
  public static List<Step> pending(List<PlannedStep> plan) {
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < plan.size(); i++) {
      steps.add(new Step(i + 1, plan.get(i).kind().wire(), Status.PENDING, plan.get(i).parameters(), Optional.empty(),
          Optional.empty()));
    }
    return steps;
  }
}
