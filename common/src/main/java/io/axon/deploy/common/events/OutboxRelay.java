package io.axon.deploy.common.events;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes committed outbox events on the service's event address, oldest first, and marks them
 * published. At least once: an event published just before a crash is published again, with the
 * same id. One relay runs at a time across every instance and process of a service (a transaction
 * advisory lock), so events go out in commit order; changes to one subject are serialised by the
 * rows they lock, hence in order per subject. Relays after every local commit and, to pick up what
 * another process or a crash left behind, on a timer.
 */
public final class OutboxRelay {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
  private static final int BATCH = 200;
  /** How soon to try again when another instance's relay holds the lock: it may have missed our event. */
  private static final long BUSY_RETRY_MS = 50;
  /** How long a relay waits after the first commit that nudges it. */
  private static final long COALESCE_MS = 5;
  /** A relay is not free: another instance of the service is relaying. */
  private static final int BUSY = -1;

  private final Vertx vertx;
  private final Pool pool;
  private final String address;
  private final long lock;
  private boolean running;
  private boolean stopped;
  private boolean again;
  private long timer = -1;

  public OutboxRelay(Vertx vertx, Pool pool, String address) {
    this.vertx = vertx;
    this.pool = pool;
    this.address = address;
    this.lock = ("axon.outbox." + address).hashCode(); // one relay per service, not one for all of them
  }

  public void start(long intervalMs) {
    timer = vertx.setPeriodic(intervalMs, intervalMs, id -> nudge());
  }

  public void stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Relays in a few milliseconds, or right after the relay that is running. */
  public void nudge() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    // a few milliseconds' wait lets one relay carry the events of several commits
    vertx.setTimer(COALESCE_MS, id -> relayNow());
  }

  private void relayNow() {
    again = false;
    relayAll().onComplete(done -> {
      running = false;
      if (done.failed()) {
        if (!stopped) { // a relay cut short by the service stopping is picked up by the next start
          LOG.warn("outbox relay to {} failed, retrying on the next tick: {}", address, done.cause().toString());
        }
      } else if (done.result() == BUSY) {
        vertx.setTimer(BUSY_RETRY_MS, id -> nudge());
      } else if (again) {
        nudge();
      }
    });
  }

  private Future<Integer> relayAll() {
    return relayBatch().compose(relayed -> relayed == BATCH ? relayAll() : Future.succeededFuture(relayed));
  }

  /** Publishes one batch in one transaction; the number relayed, {@link #BUSY} when another relay holds the lock. */
  private Future<Integer> relayBatch() {
    return pool.withTransaction(tx -> tx.preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS mine")
        .execute(Tuple.of(lock))
        .compose(held -> !held.iterator().next().getBoolean("mine")
            ? Future.succeededFuture(BUSY)
            : tx.preparedQuery("SELECT seq, event FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT $1")
                .execute(Tuple.of(BATCH))
                .compose(rows -> {
                  List<Long> published = new ArrayList<>();
                  for (Row row : rows) {
                    vertx.eventBus().publish(address, row.getJsonObject("event"));
                    published.add(row.getLong("seq"));
                  }
                  return published.isEmpty() ? Future.succeededFuture(0)
                      : tx.preparedQuery("UPDATE outbox SET published_at = now() WHERE seq = ANY($1)")
                          .execute(Tuple.of(published.toArray(Long[]::new)))
                          .map(published.size());
                })));
  }

  /** Forgets events published more than a week ago. */
  public Future<Integer> sweep() {
    return pool.query("DELETE FROM outbox WHERE published_at < now() - interval '7 days'").execute()
        .map(rows -> rows.rowCount());
  }

}
