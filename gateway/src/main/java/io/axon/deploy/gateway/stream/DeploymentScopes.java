package io.axon.deploy.gateway.stream;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The environment and workflow of the deployments seen lately, learnt from the events and snapshots
 * that name them, for the events that do not (a step event may carry only its deployment's id).
 */
final class DeploymentScopes {
  record Scope(String environment, String workflow) {
  }

  private final Map<String, Scope> scopes;

  DeploymentScopes(int kept) {
    this.scopes = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Scope> eldest) {
        return size() > kept;
      }
    };
  }

  void learn(String deploymentId, String environment, String workflow) {
    if (deploymentId != null && environment != null && workflow != null) {
      scopes.put(deploymentId, new Scope(environment, workflow));
    }
  }

  Optional<Scope> of(String deploymentId) {
    return deploymentId == null ? Optional.empty() : Optional.ofNullable(scopes.get(deploymentId));
  }
}
