package io.axon.deploy.deployer.deployment;

import io.axon.deploy.common.error.Problem;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The last stable version an emergency rollback goes back to: the one asked for; else the version
 * live before the earliest deployment it stops; else, with nothing under way, the version the
 * deployment that holds the traffic replaced. A 409 when none of them names one.
 */
public final class EmergencyTarget {

  private EmergencyTarget() {
  }

  public static String choose(Optional<String> asked, List<Deployment> stopped, Optional<Deployment> holder) {
    if (asked.isPresent()) {
      return asked.get();
    }
    Optional<String> beforeStopped = stopped.stream().min(Comparator.comparing(Deployment::createdAt))
        .flatMap(Deployment::previousVersion);
    if (beforeStopped.isPresent()) {
      return beforeStopped.get();
    }
    Optional<String> replaced = holder.filter(d -> d.status() == DeploymentStatus.SUCCEEDED)
        .flatMap(Deployment::previousVersion);
    return replaced.orElseThrow(() -> Problem.conflict(stopped.isEmpty() && holder.isEmpty()
        ? "nothing of this workflow is deployed in this environment: there is no stable version to go back to"
        : "no earlier stable version is known here (the deployments found replaced nothing); name one with"
            + " targetVersion"));
  }
}
