package io.axon.deploy.engine;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Small definitions for tests, written the way authors write them. */
public final class Definitions {
  private final JsonArray nodes = new JsonArray();
  private final JsonArray connections = new JsonArray();
  private final JsonObject definition = new JsonObject().put("nodes", nodes).put("connections", connections);

  public static Definitions workflow() {
    return new Definitions().node("start", "trigger", new JsonObject());
  }

  public Definitions node(String id, String type, JsonObject config) {
    nodes.add(new JsonObject().put("id", id).put("type", type).put("config", config));
    return this;
  }

  public Definitions connect(String from, String to) {
    return connect(from, to, "main");
  }

  public Definitions connect(String from, String to, String port) {
    connections.add(new JsonObject().put("id", "c" + connections.size()).put("from", from).put("to", to).put("fromPort", port));
    return this;
  }

  public Definitions timeoutMs(long ms) {
    definition.put("config", new JsonObject().put("timeoutMs", ms));
    return this;
  }

  public Definitions inputSchema(JsonObject schema) {
    definition.put("inputSchema", schema);
    return this;
  }

  public JsonObject json() {
    return definition.copy();
  }

  public static JsonObject set(String field, Object value) {
    return new JsonObject().put("set", new JsonObject().put(field, value));
  }
}
