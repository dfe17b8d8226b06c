package io.axon.deploy.deployer.fleet;

import io.axon.deploy.common.monitor.InstanceView;
import io.axon.deploy.common.monitor.InstanceView.HostedVersion;
import io.axon.deploy.common.routing.RoutingTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one environment's healthy instances must load and unload so that each hosts exactly the
 * versions that must stay loaded there (those of the routing tables, and of the deployments still
 * running), and which instances host each version once that is done. Pure: state in, plan out.
 *
 * @param loads the versions missing on each instance
 * @param unloads the versions an instance hosts that nothing needs any more
 */
public record HostingPlan(List<Move> loads, List<Move> unloads) {

  /** One version to load on, or unload from, one instance. */
  public record Move(InstanceView instance, HostedVersion version) {
  }

  /**
   * The plan for {@code instances} when {@code wanted} must be loaded; workflows not in
   * {@code managed} are left alone. A {@code pinned} workflow (a rolling deployment's) is loaded where
   * its table's hosts say, and its rolling version (in {@code rolling}) is the rollout's to load.
   */
  public static HostingPlan of(List<InstanceView> instances, Set<HostedVersion> wanted, Set<String> managed,
      Map<String, RoutingTable> pinned, Map<String, String> rolling) {
    List<Move> loads = new ArrayList<>();
    List<Move> unloads = new ArrayList<>();
    for (InstanceView instance : instances) {
      if (!instance.healthy()) {
        continue; // an unhealthy instance is not worked on; it is reloaded when it recovers
      }
      Set<HostedVersion> wants = new java.util.HashSet<>(wanted);
      pinned.forEach((workflow, table) -> table.hosts().forEach((version, ids) -> {
        if (ids.contains(instance.instanceId())) {
          wants.add(new HostedVersion(workflow, version));
        }
      }));
      for (HostedVersion version : wants) {
        if (!instance.versions().contains(version)) {
          loads.add(new Move(instance, version));
        }
      }
      for (HostedVersion hosted : instance.versions()) {
        boolean rollingVersion = hosted.version().equals(rolling.get(hosted.workflow()));
        if (managed.contains(hosted.workflow()) && !wants.contains(hosted) && !rollingVersion) {
          unloads.add(new Move(instance, hosted));
        }
      }
    }
    return new HostingPlan(List.copyOf(loads), List.copyOf(unloads));
  }

  /** The plan when no workflow is pinned. */
  public static HostingPlan of(List<InstanceView> instances, Set<HostedVersion> wanted, Set<String> managed) {
    return of(instances, wanted, managed, Map.of(), Map.of());
  }

  /**
   * Which healthy instances host each version of {@code workflow}, counting the loads that
   * succeeded ({@code loaded}) as done: version → sorted instance ids.
   */
  public static Map<String, List<String>> hosts(List<InstanceView> instances, String workflow, Set<Move> loaded) {
    Map<String, Set<String>> hosts = new TreeMap<>();
    for (InstanceView instance : instances) {
      if (!instance.healthy()) {
        continue;
      }
      for (HostedVersion version : instance.versions()) {
        if (version.workflow().equals(workflow)) {
          hosts.computeIfAbsent(version.version(), v -> new TreeSet<>()).add(instance.instanceId());
        }
      }
    }
    for (Move move : loaded) {
      if (move.version().workflow().equals(workflow)) {
        hosts.computeIfAbsent(move.version().version(), v -> new TreeSet<>()).add(move.instance().instanceId());
      }
    }
    Map<String, List<String>> result = new TreeMap<>();
    hosts.forEach((version, ids) -> result.put(version, List.copyOf(ids)));
    return result;
  }
}
