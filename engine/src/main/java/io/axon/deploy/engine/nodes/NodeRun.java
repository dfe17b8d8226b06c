package io.axon.deploy.engine.nodes;

import io.axon.deploy.engine.plan.Node;
import io.vertx.core.json.JsonObject;

/**
 * One node about to run: the node, its config with the templates filled, its input (the output of
 * the node that led to it, or those outputs merged when several did), the scope templates and
 * conditions read ({@code input}, {@code nodes.<id>.output}), and the execution it belongs to.
 */
public record NodeRun(Node node, JsonObject config, Object input, JsonObject scope, ExecutionContext execution) {
}
