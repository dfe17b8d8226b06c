package io.axon.deploy.common.deployer;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A deployment the monitor watches for its environment's rollback triggers ({@link
 * DeployerCommands#WATCHED_DEPLOYMENTS}): one under way, or one that succeeded less than the
 * environment's {@code rollbackPolicy.automatic.timeout} ago and still holds the traffic.
 *
 * @param stable the version it replaced, which takes the rest of the traffic during a canary
 * @param canary whether the stable version takes traffic beside it now, so that the version is judged
 *     against the stable one's numbers over the same window
 * @param since when the version began taking this deployment's traffic: no window reaches further back
 */
public record WatchedDeployment(String id, String environment, String workflow, String version,
    Optional<String> stable, boolean canary, Instant since, List<Trigger> triggers) {

  /** A rollback trigger as the environment's policy states it (DESIGN §2). */
  public record Trigger(TriggerType type, double threshold, long durationMs, int minSamples, Optional<String> metric) {
    public JsonObject toJson() {
      return new JsonObject().put("type", type.wire()).put("threshold", threshold).put("duration", durationMs)
          .put("minSamples", minSamples).put("metric", metric.orElse(null));
    }

    public static Trigger fromJson(JsonObject json) {
      return new Trigger(TriggerType.fromWire(json.getString("type")).orElseThrow(), json.getDouble("threshold"), json.getLong("duration"),
          json.getInteger("minSamples"), Optional.ofNullable(json.getString("metric")));
    }
  }

  public WatchedDeployment {
    triggers = List.copyOf(triggers);
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("environment", environment).put("workflow", workflow)
        .put("version", version).put("stable", stable.orElse(null)).put("canary", canary)
        .put("since", since.toEpochMilli())
        .put("triggers", new JsonArray(triggers.stream().map(Trigger::toJson).toList()));
  }

  public static WatchedDeployment fromJson(JsonObject json) {
    return new WatchedDeployment(json.getString("id"), json.getString("environment"), json.getString("workflow"),
        json.getString("version"), Optional.ofNullable(json.getString("stable")), json.getBoolean("canary", false),
        Instant.ofEpochMilli(json.getLong("since")),
        json.getJsonArray("triggers").stream().map(t -> Trigger.fromJson((JsonObject) t)).toList());
  }
}
