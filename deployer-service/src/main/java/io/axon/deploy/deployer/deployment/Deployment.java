package io.axon.deploy.deployer.deployment;

import io.axon.deploy.common.routing.RoutingTable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A deployment (DESIGN §2, §3) with its steps, as persisted. */
public record Deployment(String id, String workflow, String version, String environment, Strategy strategy,
    DeploymentStatus status, Optional<String> previousVersion, Optional<String> reason, Optional<String> failure,
    String createdBy, Instant createdAt, Optional<Instant> startedAt, Optional<Instant> finishedAt,
    List<Step> steps) {

  public Deployment {
    steps = List.copyOf(steps);
  }

  /** The first step not done yet. */
  public Optional<Step> nextStep() {
    return steps.stream().filter(step -> !step.done()).findFirst();
  }

  public Deployment withSteps(List<Step> steps) {
    return new Deployment(id, workflow, version, environment, strategy, status, previousVersion, reason, failure,
        createdBy, createdAt, startedAt, finishedAt, steps);
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
        .put("failure", failure.orElse(null));
  }
}
