package io.axon.deploy.deployer.deployment;

import io.axon.deploy.common.deployer.DeploymentStatuses;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** A deployment's statuses (DESIGN §2). */
public enum DeploymentStatus {
  PENDING_APPROVAL, SCHEDULED, IN_PROGRESS, PAUSED, SUCCEEDED, FAILED, ROLLING_BACK, ROLLED_BACK, ABORTED, SUPERSEDED;

  /**
   * The statuses of a deployment that still holds its workflow in its environment (one at a time),
   * as common lists them for the other services ({@link DeploymentStatuses#ACTIVE}).
   */
  public static final Set<DeploymentStatus> ACTIVE = DeploymentStatuses.ACTIVE.stream().map(DeploymentStatus::fromWire)
      .collect(Collectors.toUnmodifiableSet());

  public boolean active() {
    return ACTIVE.contains(this);
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DeploymentStatus fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
