package io.axon.deploy.common.routing;

import io.axon.deploy.common.routing.RoutingTable.Route;
import java.util.List;
import java.util.Optional;

/**
 * Picks a route for each request so that the split is exact, not only on average: smooth weighted
 * round-robin, as nginx balances upstreams. Over every 100 picks each route is chosen exactly its
 * weight times, and picks of one route are spread out rather than bunched. Not thread-safe: one
 * picker per event loop and table.
 */
public final class WeightedPicker {
  private final List<Route> routes;
  private final int[] current;
  private final int total;

  public WeightedPicker(List<Route> routes) {
    this.routes = routes.stream().filter(r -> r.weight() > 0).toList();
    this.current = new int[this.routes.size()];
    this.total = this.routes.stream().mapToInt(Route::weight).sum();
  }

  public Optional<Route> next() {
    if (routes.isEmpty()) {
      return Optional.empty();
    }
    int best = 0;
    for (int i = 0; i < current.length; i++) {
      current[i] += routes.get(i).weight();
      if (current[i] > current[best]) {
        best = i;
      }
    }
    current[best] -= total;
    return Optional.of(routes.get(best));
  }
}
