package io.axon.deploy.deployer.rollout;

import io.vertx.core.Future;

/**
 * Whether every running gateway routes by a routing revision yet. A step that shifts traffic is
 * complete only then; one that is not acknowledged in time fails rather than leave the split unknown.
 */
@FunctionalInterface
public interface GatewayAcknowledgements {
  Future<Void> acknowledged(String environment, String workflow, long revision);

  /** For a deployer with no gateway to wait for. */
  GatewayAcknowledgements NONE = (environment, workflow, revision) -> Future.succeededFuture();
}
