package io.axon.deploy.registry.workflow;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** A workflow: the named thing whose versions the registry keeps. */
public record Workflow(long id, String key, String name, String description, Instant createdAt, String createdBy) {

  public String subject() {
    return "workflows/" + key;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("key", key)
        .put("name", name)
        .put("description", description)
        .put("createdAt", createdAt.toString())
        .put("createdBy", createdBy);
  }
}
