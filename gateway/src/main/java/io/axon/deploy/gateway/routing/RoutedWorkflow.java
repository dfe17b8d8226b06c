package io.axon.deploy.gateway.routing;

import io.axon.deploy.common.monitor.InstanceView;
import io.axon.deploy.common.routing.RoutingTable;
import io.axon.deploy.common.routing.RoutingTable.Route;
import io.axon.deploy.common.routing.StickyPicker;
import io.axon.deploy.common.routing.WeightedPicker;
import io.axon.deploy.common.semver.VersionRange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One workflow's routing in one environment, ready for the hot path: its table, an exact weighted
 * picker, and per version the healthy instances that host it, taken in turn. Rebuilt whenever the
 * table or an instance changes; not thread-safe (one per event loop).
 */
final class RoutedWorkflow {
  private final RoutingTable table;
  private final WeightedPicker picker;
  private final Map<String, List<EngineAddress>> candidates = new HashMap<>();
  private final Map<String, Optional<String>> deployments = new HashMap<>();
  private final Map<String, String> paths = new HashMap<>();
  /** A picker per range callers name: exact splits within each; callers name few ranges, and a new table starts afresh. */
  private final Map<String, WeightedPicker> pickers = new HashMap<>();
  private static final int MAX_RANGE_PICKERS = 64;
  private int turn;

  RoutedWorkflow(RoutingTable table, Map<String, InstanceView> instances) {
    this.table = table;
    this.picker = new WeightedPicker(table.routes());
    for (var version : table.versions()) {
      List<EngineAddress> healthy = new ArrayList<>();
      for (String id : table.hostsOf(version)) {
        InstanceView instance = instances.get(id);
        if (instance != null && instance.healthy()) {
          healthy.add(EngineAddress.of(instance));
        }
      }
      candidates.put(version.toString(), List.copyOf(healthy));
      deployments.put(version.toString(), table.route(version).flatMap(Route::deploymentId));
      paths.put(version.toString(), "/workflows/" + encode(table.workflow()) + "/versions/" + encode(version.toString())
          + "/executions");
    }
  }

  RoutingTable table() {
    return table;
  }

  /**
   * The version for this request: the preview, or among the live versions (those {@code range}
   * accepts, when the caller names one, as a {@code subworkflow} node does) the routing key's or the
   * weights' next.
   */
  Optional<String> version(String routingKey, boolean preview, Optional<VersionRange> range) {
    if (preview) {
      return table.preview().map(Object::toString);
    }
    List<Route> routes = range.isEmpty() ? table.routes()
        : table.live().stream().filter(r -> range.get().isSatisfiedBy(r.version())).toList();
    Optional<Route> route;
    if (routingKey != null) {
      route = StickyPicker.pick(routes, routingKey);
    } else if (range.isEmpty()) {
      route = picker.next();
    } else {
      WeightedPicker picker = pickers.get(range.get().toString());
      if (picker == null) {
        picker = new WeightedPicker(routes);
        if (pickers.size() < MAX_RANGE_PICKERS) { // a caller sending a new range each time gets no memory of its own
          pickers.put(range.get().toString(), picker);
        }
      }
      route = picker.next();
    }
    return route.map(r -> r.version().toString());
  }

  /** The engine's execution path of {@code version}, built once per table rather than per request. */
  String path(String version) {
    return paths.get(version);
  }

  private static String encode(String segment) {
    return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8);
  }

  Optional<String> deployment(String version) {
    return deployments.getOrDefault(version, Optional.empty());
  }

  /** The healthy hosts of {@code version}, starting from the next one in turn. */
  List<EngineAddress> hosts(String version) {
    List<EngineAddress> hosts = candidates.getOrDefault(version, List.of());
    if (hosts.size() < 2) {
      return hosts;
    }
    int start = Math.floorMod(turn++, hosts.size());
    List<EngineAddress> ordered = new ArrayList<>(hosts.size());
    for (int i = 0; i < hosts.size(); i++) {
      ordered.add(hosts.get((start + i) % hosts.size()));
    }
    return ordered;
  }
}
