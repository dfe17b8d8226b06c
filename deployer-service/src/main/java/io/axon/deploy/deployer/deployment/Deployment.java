package io.axon.deploy.deployer.deployment;

import io.axon.deploy.common.routing.RoutingTable;
import io.axon.deploy.deployer.strategy.Strategy;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A deployment (DESIGN §2, §3) with its steps, as persisted. */
public record Deployment(String id, String workflow, String version, String environment, Strategy strategy,
    DeploymentStatus status, Optional<String> previousVersion, Optional<String> reason, Optional<String> message,
    Optional<String> failure,
    String createdBy, Instant createdAt, Optional<Instant> startedAt, Optional<Instant> finishedAt,
    Timing timing, Optional<Rollback> rollback, List<Step> steps) {

  /**
   * The progress deadline: {@code deadlineMs} after the start, pushed back by time spent paused.
   *
   * @param deadlineAt set when the deployment starts
   * @param pausedAt set while it is paused
   */
  public record Timing(long deadlineMs, Optional<Instant> deadlineAt, Optional<Instant> pausedAt) {
  }

  /**
   * A rollback under way or done: traffic goes back to {@code target} (none: the version just
   * leaves), and the deployment ends as {@code endsAs} (rolled_back, aborted or failed).
   *
   * @param trigger for an automatic rollback, the trigger that fired with the numbers that fired it
   */
  public record Rollback(Optional<String> target, DeploymentStatus endsAs, Optional<JsonObject> trigger) {
    public Rollback(Optional<String> target, DeploymentStatus endsAs) {
      this(target, endsAs, Optional.empty());
    }

    JsonObject toJson() {
      return new JsonObject().put("targetVersion", target.orElse(null)).put("endsAs", endsAs.wire())
          .put("trigger", trigger.map(JsonObject::copy).orElse(null));
    }
  }

  public Deployment {
    steps = List.copyOf(steps);
  }

  /** The first step not done yet: the one running, or the next (a failed step is behind it, rolling back). */
  public Optional<Step> nextStep() {
    return steps.stream().filter(step -> step.status() == Step.Status.PENDING || step.status() == Step.Status.RUNNING)
        .findFirst();
  }

  /** The number of its last step; 0 without steps. */
  public int lastSeq() {
    return steps.isEmpty() ? 0 : steps.get(steps.size() - 1).seq();
  }

  public String subject() {
    return "deployments/" + id;
  }

  /** DESIGN §3's representation; {@code traffic} is the split the routing table gives now. */
  public JsonObject toJson(Optional<RoutingTable> routing) {
    JsonArray traffic = new JsonArray();
    routing.ifPresent(table -> table.live().forEach(route ->
        traffic.add(new JsonObject().put("version", route.version().toString()).put("weight", route.weight()))));
    return new JsonObject()
        .put("id", id)
        .put("workflow", workflow)
        .put("version", version)
        .put("environment", environment)
        .put("strategy", strategy.toJson())
        .put("status", status.wire())
        .put("traffic", traffic)
        .put("previousVersion", previousVersion.orElse(null))
        .put("steps", new JsonArray(steps.stream().map(Step::toJson).toList()))
        .put("createdBy", createdBy)
        .put("createdAt", createdAt.toString())
        .put("startedAt", startedAt.map(Instant::toString).orElse(null))
        .put("finishedAt", finishedAt.map(Instant::toString).orElse(null))
        .put("reason", reason.orElse(null))
        .put("message", message.orElse(null))
        .put("failure", failure.orElse(null))
        .put("deadline", timing.deadlineAt().map(Instant::toString).orElse(null))
        .put("pausedAt", timing.pausedAt().map(Instant::toString).orElse(null))
        .put("rollback", rollback.map(Rollback::toJson).orElse(null));
  }
}
