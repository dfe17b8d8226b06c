package io.axon.deploy.deployer.gateways;

import io.axon.deploy.common.gateway.GatewayHeartbeat;
import io.axon.deploy.common.gateway.RoutingAcknowledgement;
import io.axon.deploy.common.gateway.RoutingRevision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Who the running gateway processes are and which routing revisions each routes by on all of its event
 * loops, from what they announce: a gateway runs while it has been heard from (a heartbeat or an
 * acknowledgement) within {@code staleMs}; one that said it stopped is gone at once. Revisions only grow,
 * whether learnt from an acknowledgement or a heartbeat. Plain bookkeeping: the caller gives the time
 * (milliseconds) and keeps it on one thread.
 */
public final class GatewayLedger {
  /** What one gateway process has said of itself. */
  public record Gateway(String gatewayId, Optional<Instant> startedAt, long lastSeen, int eventLoops,
      List<RoutingRevision> revisions) {
  }

  private record Table(String environment, String workflow) {
    static Table of(RoutingRevision revision) {
      return new Table(revision.environment(), revision.workflow());
    }
  }

  private static final class Entry {
    Optional<Instant> startedAt = Optional.empty();
    long lastSeen;
    int eventLoops;
    final Map<Table, Long> revisions = new HashMap<>();

    void acknowledged(RoutingRevision revision) {
      revisions.merge(Table.of(revision), revision.revision(), Math::max);
    }
  }

  private final long staleMs;
  private final Map<String, Entry> gateways = new TreeMap<>();

  public GatewayLedger(long staleMs) {
    this.staleMs = staleMs;
  }

  /** A heartbeat; whether it is the first word from that gateway (it joined, or came back). */
  public boolean heard(GatewayHeartbeat heartbeat, long now) {
    boolean joined = !running(heartbeat.gatewayId(), now);
    Entry entry = gateways.computeIfAbsent(heartbeat.gatewayId(), id -> new Entry());
    if (entry.startedAt.isPresent() && !entry.startedAt.get().equals(heartbeat.startedAt())) {
      entry.revisions.clear(); // the same configured id, a new process: what the old one routed by says nothing
    }
    entry.startedAt = Optional.of(heartbeat.startedAt());
    entry.lastSeen = now;
    entry.eventLoops = heartbeat.eventLoops();
    heartbeat.revisions().forEach(entry::acknowledged);
    return joined;
  }

  /** An acknowledgement; whether it is the first word from that gateway. */
  public boolean acknowledged(RoutingAcknowledgement acknowledgement, long now) {
    boolean joined = !running(acknowledgement.gatewayId(), now);
    Entry entry = gateways.computeIfAbsent(acknowledgement.gatewayId(), id -> new Entry());
    entry.lastSeen = now;
    entry.acknowledged(acknowledgement.revision());
    return joined;
  }

  /** The gateway said it stopped routing; whether it was running. */
  public boolean left(String gatewayId, long now) {
    boolean was = running(gatewayId, now);
    gateways.remove(gatewayId);
    return was;
  }

  /** Forgets the gateways not heard from within the staleness window; their ids. */
  public List<String> expire(long now) {
    List<String> gone = new ArrayList<>();
    gateways.entrySet().removeIf(entry -> {
      boolean stale = now - entry.getValue().lastSeen > staleMs;
      if (stale) {
        gone.add(entry.getKey());
      }
      return stale;
    });
    return gone;
  }

  /** The ids of the gateways running now, sorted. */
  public List<String> running(long now) {
    return gateways.keySet().stream().filter(id -> running(id, now)).toList();
  }

  /** The running gateways that have not acknowledged {@code wanted} or a later revision of its table, sorted. */
  public List<String> pending(RoutingRevision wanted, long now) {
    return running(now).stream().filter(id -> !holds(gateways.get(id), wanted)).toList();
  }

  /** The running gateways that have acknowledged {@code wanted} or a later revision of its table, sorted. */
  public List<String> acknowledgedBy(RoutingRevision wanted, long now) {
    return running(now).stream().filter(id -> holds(gateways.get(id), wanted)).toList();
  }

  /** The running gateways as they last described themselves. */
  public List<Gateway> gateways(long now) {
    return running(now).stream().map(id -> {
      Entry entry = gateways.get(id);
      List<RoutingRevision> revisions = new ArrayList<>();
      entry.revisions.forEach((table, revision) -> revisions.add(new RoutingRevision(table.environment(), table.workflow(), revision)));
      revisions.sort(Comparator.comparing(RoutingRevision::environment).thenComparing(RoutingRevision::workflow));
      return new Gateway(id, entry.startedAt, entry.lastSeen, entry.eventLoops, revisions);
    }).toList();
  }

  private boolean running(String gatewayId, long now) {
    Entry entry = gateways.get(gatewayId);
    return entry != null && now - entry.lastSeen <= staleMs;
  }

  private static boolean holds(Entry entry, RoutingRevision wanted) {
    return entry.revisions.getOrDefault(Table.of(wanted), Long.MIN_VALUE) >= wanted.revision();
  }
}
