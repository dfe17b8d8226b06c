package io.axon.deploy.common.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * A gateway process saying that it runs: its id (stable for the life of the process), when it started,
 * how many event loops route executions in it, and for each routing table the highest revision that
 * every one of them has applied (a table one of them does not hold yet is left out).
 */
public record GatewayHeartbeat(String gatewayId, Instant startedAt, int eventLoops, List<RoutingRevision> revisions) {

  public GatewayHeartbeat {
    revisions = List.copyOf(revisions);
  }

  public JsonObject toJson() {
    return new JsonObject().put("gatewayId", gatewayId).put("startedAt", startedAt.toString()).put("eventLoops", eventLoops)
        .put("revisions", new JsonArray(revisions.stream().map(RoutingRevision::toJson).toList()));
  }

  public static GatewayHeartbeat fromJson(JsonObject json) {
    return new GatewayHeartbeat(json.getString("gatewayId"), Instant.parse(json.getString("startedAt")),
        json.getInteger("eventLoops", 0), json.getJsonArray("revisions", new JsonArray()).stream()
            .map(item -> RoutingRevision.fromJson((JsonObject) item)).toList());
  }
}
