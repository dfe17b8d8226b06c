package io.axon.deploy.deployer.healing;

import io.axon.deploy.common.deployer.WatchedDeployment;
import io.axon.deploy.common.routing.RoutingTable;
import io.axon.deploy.deployer.deployment.Deployment;
import io.axon.deploy.deployer.deployment.DeploymentStatus;
import io.axon.deploy.deployer.environment.Environment;
import io.axon.deploy.deployer.environment.RollbackPolicy;
import io.axon.deploy.deployer.strategy.ImmediateStrategy;
import io.axon.deploy.deployer.strategy.Strategy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which deployments the monitor judges against their environment's automatic rollback triggers
 * (DESIGN §2): those under way, and those that succeeded less than the policy's {@code timeout}
 * ago and still hold all of their workflow's traffic. One that shares it with a newer deployment (a
 * canary of the next version) is no longer watched: the newer one is, and the older must not be
 * rolled back under it. Emergency rollbacks are not watched. Plain Java over what the repositories read.
 */
public final class Watchlist {

  private Watchlist() {
  }

  public static List<WatchedDeployment> of(List<Deployment> candidates, List<Environment> environments,
      List<RoutingTable> tables, Instant now) {
    Map<String, RollbackPolicy.Automatic> policies = environments.stream().collect(Collectors.toMap(Environment::name,
        environment -> environment.restrictions().rollbackPolicy().automatic()));
    Map<String, RoutingTable> routing = tables.stream()
        .collect(Collectors.toMap(table -> table.environment() + "/" + table.workflow(), Function.identity()));
    return candidates.stream()
        .filter(deployment -> !isEmergency(deployment) && deployment.previousVersion().isPresent())
        .filter(deployment -> Optional.ofNullable(policies.get(deployment.environment()))
            .filter(policy -> policy.enabled() && !policy.triggers().isEmpty()
                && (deployment.status() != DeploymentStatus.SUCCEEDED || stillWatched(deployment, policy, routing, now)))
            .isPresent())
        .map(deployment -> watched(deployment, policies.get(deployment.environment())))
        .toList();
  }

  /**
   * An emergency rollback is never rolled back by a trigger: that would send the traffic back to the
   * version it fled. Its own verify step judges it, and it ends failed, traffic left where it is.
   */
  private static boolean isEmergency(Deployment deployment) {
    return deployment.strategy() instanceof ImmediateStrategy immediate && immediate.emergency();
  }

  private static boolean stillWatched(Deployment deployment, RollbackPolicy.Automatic policy,
      Map<String, RoutingTable> routing, Instant now) {
    boolean recent = deployment.finishedAt().filter(end -> end.plus(policy.timeout()).isAfter(now)).isPresent();
    boolean holdsAll = Optional.ofNullable(routing.get(deployment.environment() + "/" + deployment.workflow()))
        .filter(table -> !table.live().isEmpty() && table.live().stream()
            .allMatch(route -> route.deploymentId().equals(Optional.of(deployment.id()))))
        .isPresent();
    return recent && holdsAll;
  }

  private static WatchedDeployment watched(Deployment deployment, RollbackPolicy.Automatic policy) {
    boolean canary = deployment.strategy().type() == Strategy.Type.CANARY && deployment.status() != DeploymentStatus.SUCCEEDED;
    return new WatchedDeployment(deployment.id(), deployment.environment(), deployment.workflow(), deployment.version(),
        deployment.previousVersion(), canary && deployment.previousVersion().isPresent(),
        deployment.startedAt().orElse(deployment.createdAt()),
        policy.triggers().stream().map(trigger -> new WatchedDeployment.Trigger(trigger.type(), trigger.threshold(),
            trigger.duration().toMillis(), trigger.minSamples(), trigger.metric())).toList());
  }
}
