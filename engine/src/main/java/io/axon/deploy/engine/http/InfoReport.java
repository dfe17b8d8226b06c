package io.axon.deploy.engine.http;

import io.axon.deploy.engine.EngineState;
import io.axon.deploy.engine.LoadedWorkflow;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@code GET /info}: who this instance is, the newest version of each node type it offers (the
 * shared catalog), the services and libraries dependencies may name, and the versions it hosts.
 */
final class InfoReport {
  private static final String VERTX_VERSION = vertxVersion();
  private final EngineState state;

  InfoReport(EngineState state) {
    this.state = state;
  }

  private static String vertxVersion() {
    try (java.io.InputStream in = io.vertx.core.Vertx.class.getResourceAsStream("/META-INF/vertx/vertx-version.txt")) {
      return in == null ? "5" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
    } catch (java.io.IOException e) {
      return "5";
    }
  }

  JsonObject toJson() {
    JsonObject nodeTypes = new JsonObject();
    for (String name : state.catalog().names()) {
      state.catalog().find(name).ifPresent(type -> nodeTypes.put(name,
          type.versions().get(type.versions().size() - 1).toString()));
    }
    JsonObject services = new JsonObject();
    state.gateway().url().ifPresent(url -> services.put("gateway", "1.0.0"));
    return new JsonObject()
        .put("instanceId", state.instanceId())
        .put("environment", state.environment())
        .put("nodeTypes", nodeTypes)
        .put("services", services)
        .put("libraries", new JsonObject().put("vertx", VERTX_VERSION))
        .put("versions", new JsonArray(state.loaded().stream().map(LoadedWorkflow::toJson).toList()));
  }
}
