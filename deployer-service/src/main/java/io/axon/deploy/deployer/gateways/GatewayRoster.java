package io.axon.deploy.deployer.gateways;

import io.axon.deploy.common.config.AxonConfig;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.gateway.GatewayEvents;
import io.axon.deploy.common.gateway.GatewayHeartbeat;
import io.axon.deploy.common.gateway.RoutingAcknowledgement;
import io.axon.deploy.common.gateway.RoutingRevision;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway processes running now and the routing revisions they route by, heard on
 * {@link GatewayEvents#ADDRESS}; and the wait for a revision to be in force on all of them
 * ({@link #acknowledged}). The bookkeeping is {@link GatewayLedger}'s; this class listens, keeps the
 * timers and completes the waits. Used on the deployer verticle's event loop only.
 *
 * <p>A deployer that has just started has not heard every gateway yet: no wait completes before
 * {@code warmupMs} (a heartbeat and a half) has passed since {@link #start}, unless its timeout comes
 * first with nobody pending, so that a deployer restarted under a deployment in progress does not take
 * silence for agreement.
 */
public final class GatewayRoster {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayRoster.class);
  /** How often gateways that fell silent are looked for, and waits looked at again. */
  private static final long TICK_MS = 100;

  private final Vertx vertx;
  private final GatewayLedger ledger;
  private final long warmupMs;
  private final List<Wait> waits = new ArrayList<>();
  private MessageConsumer<JsonObject> events;
  private long ticker = -1;
  private long listeningSince;

  /** One caller waiting for a revision: what it wants, for how long, and its timer. */
  private static final class Wait {
    final RoutingRevision wanted;
    final long timeoutMs;
    final Promise<Void> promise = Promise.promise();
    long timer = -1;

    Wait(RoutingRevision wanted, long timeoutMs) {
      this.wanted = wanted;
      this.timeoutMs = timeoutMs;
    }
  }

  public GatewayRoster(Vertx vertx, AxonConfig.Presence presence) {
    this(vertx, presence.staleMs(), presence.heartbeatMs() + presence.heartbeatMs() / 2);
  }

  public GatewayRoster(Vertx vertx, long staleMs, long warmupMs) {
    this.vertx = vertx;
    this.ledger = new GatewayLedger(staleMs);
    this.warmupMs = warmupMs;
  }

  /** Listens to the gateways; completes once the consumer is registered. */
  public Future<Void> start() {
    listeningSince = now();
    events = vertx.eventBus().consumer(GatewayEvents.ADDRESS, message -> onEvent(message.body()));
    ticker = vertx.setPeriodic(TICK_MS, id -> tick());
    return events.completion();
  }

  public void stop() {
    vertx.cancelTimer(ticker);
    if (events != null) {
      events.unregister();
    }
    List<Wait> left = new ArrayList<>(waits);
    waits.clear();
    left.forEach(wait -> {
      vertx.cancelTimer(wait.timer);
      wait.promise.tryFail(new Problem(ProblemType.UNAVAILABLE, "the deployer is stopping").exception());
    });
  }

  /**
   * Completes when every gateway process running has acknowledged {@code revision} (or a later one) of
   * the routing table of {@code workflow} in {@code environment}, meaning that every event loop of each
   * routes new executions by it; at once when none runs. Fails with {@link UnacknowledgedRouting} (a 504
   * problem naming them) when some running gateway has not acknowledged it after {@code timeoutMs}.
   * A gateway that stops heartbeating for the staleness window ({@code AXON_GATEWAY_STALE_MS}, 3 s) is no
   * longer counted: to fail on a gateway that stalls rather than count it gone, wait less than that.
   * A gateway that starts meanwhile fetches every table when it starts, and is waited for like the others.
   */
  public Future<Void> acknowledged(String environment, String workflow, long revision, long timeoutMs) {
    RoutingRevision wanted = new RoutingRevision(environment, workflow, revision);
    if (settled() && ledger.pending(wanted, now()).isEmpty()) {
      return Future.succeededFuture();
    }
    Wait wait = new Wait(wanted, timeoutMs);
    wait.timer = vertx.setTimer(Math.max(1, timeoutMs), id -> timedOut(wait));
    waits.add(wait);
    return wait.promise.future();
  }

  /** The running gateways that have acknowledged {@code revision} or a later one, sorted. */
  public List<String> acknowledgedBy(String environment, String workflow, long revision) {
    return ledger.acknowledgedBy(new RoutingRevision(environment, workflow, revision), now());
  }

  /** The gateway processes running now, as they last described themselves. */
  public List<GatewayLedger.Gateway> gateways() {
    return ledger.gateways(now());
  }

  private void onEvent(JsonObject event) {
    JsonObject data = event == null ? null : event.getJsonObject("data");
    if (data == null || data.getString("gatewayId") == null) {
      return;
    }
    long now = now();
    try {
      switch (event.getString("type", "")) {
        case GatewayEvents.HEARTBEAT -> {
          if (ledger.heard(GatewayHeartbeat.fromJson(data), now)) {
            LOG.info("gateway {} is running", data.getString("gatewayId"));
          }
        }
        case GatewayEvents.ACKNOWLEDGED -> {
          if (ledger.acknowledged(RoutingAcknowledgement.fromJson(data), now)) {
            LOG.info("gateway {} is running", data.getString("gatewayId"));
          }
        }
        case GatewayEvents.STOPPED -> {
          if (ledger.left(data.getString("gatewayId"), now)) {
            LOG.info("gateway {} stopped", data.getString("gatewayId"));
          }
        }
        default -> {
          return;
        }
      }
    } catch (RuntimeException malformed) { // another version's gateway, or not a gateway at all: not ours to trust
      LOG.debug("ignored a malformed gateway event: {}", malformed.toString());
      return;
    }
    settle();
  }

  private void tick() {
    ledger.expire(now()).forEach(id -> LOG.warn("gateway {} has not been heard from for the staleness window;"
        + " it is no longer counted", id));
    if (!waits.isEmpty()) {
      settle();
    }
  }

  /** Completes the waits nobody holds back any more. */
  private void settle() {
    if (!settled() || waits.isEmpty()) {
      return;
    }
    long now = now();
    List<Wait> done = waits.stream().filter(wait -> ledger.pending(wait.wanted, now).isEmpty()).toList();
    waits.removeAll(done);
    done.forEach(wait -> {
      vertx.cancelTimer(wait.timer);
      wait.promise.tryComplete();
    });
  }

  private void timedOut(Wait wait) {
    if (!waits.remove(wait)) {
      return;
    }
    long now = now();
    List<String> pending = ledger.pending(wait.wanted, now);
    if (pending.isEmpty()) {
      wait.promise.tryComplete();
    } else {
      wait.promise.tryFail(new UnacknowledgedRouting(wait.wanted, wait.timeoutMs, pending,
          ledger.acknowledgedBy(wait.wanted, now)));
    }
  }

  /** Whether the roster has listened long enough to have heard every gateway that runs. */
  private boolean settled() {
    return now() - listeningSince >= warmupMs;
  }

  private static long now() {
    return System.currentTimeMillis();
  }
}
