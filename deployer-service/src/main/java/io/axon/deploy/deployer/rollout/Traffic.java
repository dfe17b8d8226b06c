package io.axon.deploy.deployer.rollout;

import io.axon.deploy.common.routing.RoutingTable;
import io.axon.deploy.common.routing.RoutingTable.Route;
import io.axon.deploy.common.semver.SemanticVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The routing table each traffic-shifting step ends with, as pure functions of the table before it:
 * a step run twice after a crash computes the same table. Versions a step leaves out are unloaded
 * by the reconciler; the new version's hosts are the instances its load step put it on.
 */
public final class Traffic {

  private Traffic() {
  }

  /** The version with the most traffic in {@code table}, the newest among equals: what a deployment replaces. */
  public static Optional<Route> stable(RoutingTable table, Optional<String> excludingDeployment) {
    return table.live().stream()
        .filter(route -> excludingDeployment.isEmpty() || !route.deploymentId().equals(excludingDeployment))
        .max(Comparator.comparingInt(Route::weight).thenComparing(Route::version));
  }

  /** Blue-green: {@code version} becomes the preview, reachable only with {@code X-Axon-Preview}. */
  public static RoutingTable preview(RoutingTable table, SemanticVersion version, List<String> loadedOn) {
    Map<String, List<String>> hosts = new TreeMap<>(table.hosts());
    hosts.put(version.toString(), loadedOn);
    return table.next(table.routes(), Optional.of(version), hosts);
  }

  /**
   * Canary: {@code version} takes {@code weight}% and {@code stable} the rest; any other version
   * (a superseded canary) drops out. Without a stable version the new one takes everything.
   */
  public static RoutingTable weighted(RoutingTable table, SemanticVersion version, String deploymentId,
      Optional<SemanticVersion> stable, int weight, List<String> loadedOn) {
    List<Route> routes = new ArrayList<>();
    Optional<SemanticVersion> other = stable.filter(s -> !s.equals(version));
    routes.add(new Route(version, other.isPresent() ? weight : 100, Optional.of(deploymentId)));
    other.ifPresent(s -> routes.add(new Route(s, 100 - weight, table.route(s).flatMap(Route::deploymentId))));
    Map<String, List<String>> hosts = new TreeMap<>();
    hosts.put(version.toString(), loadedOn);
    other.ifPresent(s -> hosts.put(s.toString(), table.hostsOf(s)));
    Optional<SemanticVersion> preview = table.preview().filter(p -> !p.equals(version));
    preview.ifPresent(p -> hosts.put(p.toString(), table.hostsOf(p)));
    return table.next(routes, preview, hosts);
  }

  /**
   * All traffic to {@code version}. With {@code keepPrevious} the version that had the most traffic
   * before stays loaded at weight 0 (a rollback or a split by hand needs it there); every other
   * version drops out. The preview is kept unless it was the version.
   */
  public static RoutingTable switched(RoutingTable table, SemanticVersion version, String deploymentId,
      List<String> loadedOn, boolean keepPrevious) {
    List<Route> routes = new ArrayList<>();
    routes.add(new Route(version, 100, Optional.of(deploymentId)));
    Optional<Route> previous = keepPrevious ? stable(table, Optional.empty()).filter(r -> !r.version().equals(version))
        : Optional.empty();
    previous.ifPresent(route -> routes.add(new Route(route.version(), 0, route.deploymentId())));
    Optional<SemanticVersion> preview = table.preview().filter(p -> !p.equals(version));
    Map<String, List<String>> hosts = new TreeMap<>();
    hosts.put(version.toString(), loadedOn);
    previous.ifPresent(route -> hosts.put(route.version().toString(), table.hostsOf(route.version())));
    preview.ifPresent(p -> hosts.put(p.toString(), table.hostsOf(p)));
    return table.next(routes, preview, hosts);
  }

  /**
   * An emergency rollback: all traffic to {@code version}, every other version and the preview
   * dropped (a blue-green preview of the version it fled included).
   */
  public static RoutingTable only(RoutingTable table, SemanticVersion version, String deploymentId, List<String> hosts) {
    return table.next(List.of(new Route(version, 100, Optional.of(deploymentId))), Optional.empty(),
        Map.of(version.toString(), hosts));
  }

  /**
   * Rolling: the instances in {@code moved} serve {@code version}, the others of {@code all} serve
   * {@code stable}, and the weights follow the instances.
   */
  public static RoutingTable rolled(RoutingTable table, SemanticVersion version, String deploymentId,
      SemanticVersion stable, List<String> moved, List<String> all) {
    int weight = all.isEmpty() ? 100 : Math.round(100f * moved.size() / all.size());
    List<String> remaining = all.stream().filter(id -> !moved.contains(id)).toList();
    List<Route> routes = new ArrayList<>();
    routes.add(new Route(version, weight, Optional.of(deploymentId)));
    if (!version.equals(stable)) {
      routes.add(new Route(stable, 100 - weight, table.route(stable).flatMap(Route::deploymentId)));
    }
    Map<String, List<String>> hosts = new TreeMap<>();
    if (!moved.isEmpty()) {
      hosts.put(version.toString(), moved);
    }
    if (!remaining.isEmpty()) {
      hosts.put(stable.toString(), remaining);
    }
    return table.next(routes, table.preview().filter(p -> !p.equals(version)), hosts);
  }

  /**
   * Rolling back: all traffic to {@code target}, {@code rolledBack} dropped (from the routes and
   * the preview). {@code targetHosts} are where the target is loaded.
   */
  public static RoutingTable restored(RoutingTable table, SemanticVersion target, SemanticVersion rolledBack,
      List<String> targetHosts) {
    Optional<String> deployment = table.route(target).flatMap(Route::deploymentId);
    Optional<SemanticVersion> preview = table.preview().filter(p -> !p.equals(rolledBack) && !p.equals(target));
    Map<String, List<String>> hosts = new TreeMap<>();
    hosts.put(target.toString(), targetHosts);
    preview.ifPresent(p -> hosts.put(p.toString(), table.hostsOf(p)));
    return table.next(List.of(new Route(target, 100, deployment)), preview, hosts);
  }

  /** Blue-green rolled back before its switch, or a first deployment with nothing to go back to: the version only leaves. */
  public static RoutingTable without(RoutingTable table, SemanticVersion version) {
    List<Route> routes = table.routes().stream().filter(r -> !r.version().equals(version)).toList();
    Map<String, List<String>> hosts = new TreeMap<>(table.hosts());
    hosts.remove(version.toString());
    if (!routes.isEmpty() && routes.stream().mapToInt(Route::weight).sum() != 100) {
      Route top = routes.stream().max(Comparator.comparingInt(Route::weight).thenComparing(Route::version)).orElseThrow();
      int rest = routes.stream().filter(r -> r != top).mapToInt(Route::weight).sum();
      routes = routes.stream().map(r -> r == top ? new Route(r.version(), 100 - rest, r.deploymentId()) : r).toList();
    }
    return table.next(routes, table.preview().filter(p -> !p.equals(version)), hosts);
  }
}
