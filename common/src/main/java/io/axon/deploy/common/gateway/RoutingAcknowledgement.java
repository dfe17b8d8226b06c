package io.axon.deploy.common.gateway;

import io.vertx.core.json.JsonObject;

/**
 * A gateway process saying that every one of its event loops now routes by {@code revision} (or a
 * later one) of a routing table: {@code {gatewayId, environment, workflow, revision}}.
 */
public record RoutingAcknowledgement(String gatewayId, RoutingRevision revision) {

  public JsonObject toJson() {
    return revision.toJson().put("gatewayId", gatewayId);
  }

  public static RoutingAcknowledgement fromJson(JsonObject json) {
    return new RoutingAcknowledgement(json.getString("gatewayId"), RoutingRevision.fromJson(json));
  }
}
