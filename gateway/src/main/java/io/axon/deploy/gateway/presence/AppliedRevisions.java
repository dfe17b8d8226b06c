package io.axon.deploy.gateway.presence;

import io.axon.deploy.common.gateway.RoutingRevision;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Which routing revisions one gateway process routes by everywhere: each of its routing views (one per
 * event loop) reports the revisions it applies, and a revision of a table counts for the process only
 * once every view attached has applied it or a later one. Says which revisions that makes newly in
 * force, each once, for the gateway to acknowledge. Plain bookkeeping, used on one thread.
 */
public final class AppliedRevisions {
  private record Table(String environment, String workflow) {
  }

  /** view → table → the highest revision that view has applied. */
  private final Map<Integer, Map<Table, Long>> views = new HashMap<>();
  /** table → the highest revision already said to be in force everywhere. */
  private final Map<Table, Long> inForce = new HashMap<>();

  /** A view that routes from now on; until it applies a table, no newer revision of it is in force. */
  public void attach(int view) {
    views.putIfAbsent(view, new HashMap<>());
  }

  /** A view that no longer routes; the revisions it alone held back are in force now. */
  public List<RoutingRevision> detach(int view) {
    Map<Table, Long> gone = views.remove(view);
    if (gone == null) {
      return List.of();
    }
    Set<Table> tables = new LinkedHashSet<>();
    views.values().forEach(held -> tables.addAll(held.keySet()));
    List<RoutingRevision> now = new ArrayList<>();
    tables.forEach(table -> newlyInForce(table).ifPresent(now::add));
    return now;
  }

  public int views() {
    return views.size();
  }

  /**
   * {@code view} applied {@code revision} of a table; the revision that is in force everywhere because
   * of it, if one newly is (possibly an older one than {@code revision}, while another view lags).
   */
  public Optional<RoutingRevision> applied(int view, String environment, String workflow, long revision) {
    Map<Table, Long> held = views.get(view);
    if (held == null) {
      return Optional.empty();
    }
    Table table = new Table(environment, workflow);
    held.merge(table, revision, Math::max);
    return newlyInForce(table);
  }

  /** For each table every view holds, the highest revision every view has applied. */
  public List<RoutingRevision> everywhere() {
    Set<Table> tables = new LinkedHashSet<>();
    views.values().forEach(held -> tables.addAll(held.keySet()));
    List<RoutingRevision> all = new ArrayList<>();
    tables.forEach(table -> lowest(table).ifPresent(revision ->
        all.add(new RoutingRevision(table.environment(), table.workflow(), revision))));
    all.sort(Comparator.comparing(RoutingRevision::environment).thenComparing(RoutingRevision::workflow));
    return all;
  }

  private Optional<RoutingRevision> newlyInForce(Table table) {
    OptionalLong lowest = lowest(table);
    if (lowest.isEmpty() || lowest.getAsLong() <= inForce.getOrDefault(table, Long.MIN_VALUE)) {
      return Optional.empty();
    }
    inForce.put(table, lowest.getAsLong());
    return Optional.of(new RoutingRevision(table.environment(), table.workflow(), lowest.getAsLong()));
  }

  /** The lowest revision of {@code table} over the views; none while a view does not hold it, or there is no view. */
  private OptionalLong lowest(Table table) {
    if (views.isEmpty()) {
      return OptionalLong.empty();
    }
    long lowest = Long.MAX_VALUE;
    for (Map<Table, Long> held : views.values()) {
      Long revision = held.get(table);
      if (revision == null) {
        return OptionalLong.empty();
      }
      lowest = Math.min(lowest, revision);
    }
    return OptionalLong.of(lowest);
  }
}
