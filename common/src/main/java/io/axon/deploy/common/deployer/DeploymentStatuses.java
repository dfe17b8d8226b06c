package io.axon.deploy.common.deployer;

import java.util.List;

/** Deployment statuses as they go on the wire (DESIGN §2), for those outside the deployer that filter by them. */
public final class DeploymentStatuses {
  /**
   * The statuses of a deployment that is not over yet: it still holds its workflow in its
   * environment, and a subscriber to {@code /api/v1/events} is shown it first.
   */
  public static final List<String> ACTIVE = List.of("pending_approval", "scheduled", "in_progress", "paused", "rolling_back");

  private DeploymentStatuses() {
  }
}
