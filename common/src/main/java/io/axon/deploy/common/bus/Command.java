package io.axon.deploy.common.bus;

import io.vertx.core.json.JsonObject;

/** A request received on the bus: the action, its body and who asked, for which request. */
public record Command(String action, JsonObject body, String requestId, String actor) {
}
