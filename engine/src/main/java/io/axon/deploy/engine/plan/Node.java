package io.axon.deploy.engine.plan;

import io.axon.deploy.engine.run.Expression;
import io.vertx.core.json.JsonObject;

/**
 * One node of a loaded workflow: its type at the version the catalog resolved, its config as
 * written (templates still in it) and, for a {@code condition}, its compiled expression.
 */
public record Node(String id, String type, String typeVersion, JsonObject config, Expression condition) {
}
