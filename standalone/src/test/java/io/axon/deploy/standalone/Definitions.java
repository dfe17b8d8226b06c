package io.axon.deploy.standalone;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Workflow definitions for tests. */
public final class Definitions {
  private Definitions() {
  }

  /** A valid two-node definition; {@code marker} goes into the transform so that each is different. */
  public static JsonObject valid(Object marker) {
    return new JsonObject()
        .put("nodes", new JsonArray()
            .add(new JsonObject().put("id", "start").put("type", "trigger").put("typeVersion", "1.0.0"))
            .add(new JsonObject().put("id", "enrich").put("type", "transform")
                .put("config", new JsonObject().put("set", new JsonObject().put("marker", marker)))))
        .put("connections", new JsonArray()
            .add(new JsonObject().put("id", "c1").put("from", "start").put("to", "enrich")))
        .put("inputSchema", new JsonObject().put("type", "object"));
  }
}
