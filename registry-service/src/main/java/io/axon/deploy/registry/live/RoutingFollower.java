package io.axon.deploy.registry.live;

import io.axon.deploy.common.bus.Addresses;
import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.deployer.DeployerCommands;
import io.axon.deploy.common.deployer.DeployerEvents;
import io.axon.deploy.common.routing.RoutingTable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the live versions in step with the deployer's routing tables: every
 * {@link DeployerEvents#ROUTING_REVISED} it publishes (each carries the whole table, so a repeat or
 * an older revision arriving late changes nothing), and its whole list of tables
 * ({@link DeployerCommands#LIST_ROUTING}) at start and every {@code resyncMs} after, which heals a
 * publication missed while the registry was away. The deployer may start after the registry: until
 * it first answers, the list is asked for again every {@code retryMs}, and the registry starts
 * without waiting, refusing by what it recorded before.
 */
public final class RoutingFollower {
  private static final Logger LOG = LoggerFactory.getLogger(RoutingFollower.class);

  private final Vertx vertx;
  private final BusClient bus;
  private final LiveVersionRepository live;
  private final long resyncMs;
  private final long retryMs;
  private MessageConsumer<JsonObject> events;
  private long timer = -1;
  private boolean stopped;

  public RoutingFollower(Vertx vertx, BusClient bus, LiveVersionRepository live, long resyncMs, long retryMs) {
    this.vertx = vertx;
    this.bus = bus;
    this.live = live;
    this.resyncMs = resyncMs;
    this.retryMs = retryMs;
  }

  /** Listens, and asks for the whole list at once without waiting for the answer. */
  public Future<Void> start() {
    events = vertx.eventBus().consumer(DeployerEvents.ADDRESS, message -> onEvent(message.body()));
    resyncThenSchedule();
    return events.completion();
  }

  public void stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    if (events != null) {
      events.unregister();
    }
  }

  private void resyncThenSchedule() {
    resync().onComplete(done -> {
      if (!stopped) {
        timer = vertx.setTimer(done.succeeded() ? resyncMs : retryMs, id -> resyncThenSchedule());
      }
    });
  }

  /** Records every table of the deployer's list that is newer than the one held; how many were. */
  public Future<Integer> resync() {
    return bus.request(Addresses.DEPLOYER, DeployerCommands.LIST_ROUTING, new JsonObject(), null, null)
        .compose(reply -> live.revisions().compose(held -> recordNewer(tables(reply.json()), held, 0, 0)))
        .onFailure(failure -> LOG.debug("live versions not resynchronised with the deployer yet: {}", failure.toString()));
  }

  private static List<LiveTable> tables(JsonObject body) {
    return body.getJsonArray("tables", new JsonArray()).stream()
        .map(table -> LiveTable.of(RoutingTable.fromJson((JsonObject) table))).toList();
  }

  /** One after the other: a resync must not take every connection of the pool. */
  private Future<Integer> recordNewer(List<LiveTable> tables, Map<String, Map<String, Long>> held, int from, int recorded) {
    for (int i = from; i < tables.size(); i++) {
      LiveTable table = tables.get(i);
      Long revision = held.getOrDefault(table.environment(), Map.of()).get(table.workflow());
      if (table.supersedes(revision == null ? OptionalLong.empty() : OptionalLong.of(revision))) {
        int next = i + 1;
        return live.record(table).compose(newer -> recordNewer(tables, held, next, recorded + (newer ? 1 : 0)));
      }
    }
    return Future.succeededFuture(recorded);
  }

  private void onEvent(JsonObject event) {
    if (event == null || !DeployerEvents.ROUTING_REVISED.equals(event.getString("type"))
        || !(event.getValue("data") instanceof JsonObject data)) {
      return;
    }
    LiveTable table;
    try {
      table = LiveTable.of(RoutingTable.fromJson(data));
    } catch (RuntimeException e) {
      LOG.warn("unreadable routing table in event {}: {}", event.getString("id"), e.toString());
      return;
    }
    live.record(table).onFailure(failure -> LOG.warn("could not record routing revision {} of {} in {} (the next resync will): {}",
        table.revision(), table.workflow(), table.environment(), failure.toString()));
  }
}
