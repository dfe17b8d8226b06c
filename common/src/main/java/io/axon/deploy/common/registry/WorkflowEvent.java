package io.axon.deploy.common.registry;

import io.vertx.core.json.JsonObject;

/** What a workflow event says of the workflow. */
public record WorkflowEvent(String key, String name, String actor) {

  public String subject() {
    return "workflows/" + key;
  }

  public JsonObject toJson() {
    return new JsonObject().put("key", key).put("name", name).put("actor", actor);
  }

  public static WorkflowEvent fromJson(JsonObject json) {
    return new WorkflowEvent(json.getString("key"), json.getString("name"), json.getString("actor"));
  }
}
