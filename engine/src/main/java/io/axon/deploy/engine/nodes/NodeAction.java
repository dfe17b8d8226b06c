package io.axon.deploy.engine.nodes;

import io.vertx.core.Future;

/** What one node type does when a node of it runs. Never blocks: waits are futures. */
@FunctionalInterface
public interface NodeAction {
  Future<NodeOutcome> run(NodeRun run);
}
