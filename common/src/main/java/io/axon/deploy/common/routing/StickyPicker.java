package io.axon.deploy.common.routing;

import io.axon.deploy.common.routing.RoutingTable.Route;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Picks a route by a caller's routing key ({@code X-Axon-Routing-Key}), so that one key stays on one
 * version while the weights stay put. The key hashes to one of 10,000 buckets laid out over the
 * routes by their cumulative weights; when weights move, only the keys in the buckets that change
 * hands move, and each to the route that gained them.
 */
public final class StickyPicker {
  private static final int BUCKETS = 10_000;

  private StickyPicker() {
  }

  public static Optional<Route> pick(List<Route> routes, String routingKey) {
    int bucket = bucket(routingKey);
    int upTo = 0;
    Route last = null;
    for (Route route : routes) {
      if (route.weight() <= 0) {
        continue;
      }
      upTo += route.weight() * (BUCKETS / 100);
      last = route;
      if (bucket < upTo) {
        return Optional.of(route);
      }
    }
    return Optional.ofNullable(last);
  }

  static int bucket(String routingKey) {
    CRC32C crc = new CRC32C();
    crc.update(routingKey.getBytes(StandardCharsets.UTF_8));
    long mixed = crc.getValue() * 0x9E3779B97F4A7C15L; // spread CRC's low bits over the whole range
    return (int) Long.remainderUnsigned(mixed >>> 16, BUCKETS);
  }
}
