package io.axon.deploy.deployer.rollout;

import io.axon.deploy.common.routing.RoutingTable;
import io.axon.deploy.common.routing.RoutingTable.Route;
import io.axon.deploy.common.semver.SemanticVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code immediate} strategy (DESIGN §2) as data: its steps, and the routing table it ends with.
 * Each step can run again after a crash and reach the same state: loading a version is idempotent on
 * the engine, and the switch is one transaction that also marks the deployment succeeded.
 */
public final class ImmediateRollout {
  public static final String LOAD = "load";
  public static final String SWITCH = "switch";
  public static final List<String> STEPS = List.of(LOAD, SWITCH);

  private ImmediateRollout() {
  }

  /**
   * The table after switching all traffic to {@code version}: it takes 100%, and the version that
   * had the most traffic before stays loaded at weight 0 (a split by hand or a rollback needs it
   * there); every other version drops out and is unloaded. The preview is kept unless it was the version.
   *
   * @param loadedOn the instances the load step put the version on
   */
  public static RoutingTable switched(RoutingTable table, SemanticVersion version, String deploymentId,
      List<String> loadedOn) {
    List<Route> routes = new ArrayList<>();
    routes.add(new Route(version, 100, Optional.of(deploymentId)));
    Optional<Route> previous = previous(table).filter(route -> !route.version().equals(version));
    previous.ifPresent(route -> routes.add(new Route(route.version(), 0, route.deploymentId())));
    Optional<SemanticVersion> preview = table.preview().filter(p -> !p.equals(version));
    Map<String, List<String>> hosts = new TreeMap<>();
    hosts.put(version.toString(), loadedOn);
    previous.ifPresent(route -> hosts.put(route.version().toString(), table.hostsOf(route.version())));
    preview.ifPresent(p -> hosts.put(p.toString(), table.hostsOf(p)));
    return table.next(routes, preview, hosts);
  }

  /** The version with the most traffic in {@code table}, the newest among equals: what a deployment replaces. */
  public static Optional<Route> previous(RoutingTable table) {
    return table.live().stream()
        .max(java.util.Comparator.comparingInt(Route::weight).thenComparing(Route::version));
  }
}
