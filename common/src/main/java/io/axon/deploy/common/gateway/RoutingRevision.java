package io.axon.deploy.common.gateway;

import io.vertx.core.json.JsonObject;

/** A revision of the routing table of one workflow in one environment. */
public record RoutingRevision(String environment, String workflow, long revision) {

  public JsonObject toJson() {
    return new JsonObject().put("environment", environment).put("workflow", workflow).put("revision", revision);
  }

  public static RoutingRevision fromJson(JsonObject json) {
    return new RoutingRevision(json.getString("environment"), json.getString("workflow"), json.getLong("revision"));
  }
}
