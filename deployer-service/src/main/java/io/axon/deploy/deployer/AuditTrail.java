package io.axon.deploy.deployer;

import io.axon.deploy.common.bus.Actor;
import io.axon.deploy.common.bus.Addresses;
import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.bus.Command;
import io.axon.deploy.common.bus.RegistryCommands;
import io.axon.deploy.common.error.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployer's records in the audit trail, which the registry keeps. A record is written to the
 * deployer's {@code audit_outbox} in the transaction of the change it records, then appended to the
 * trail once that transaction has committed ({@link #flush}: right after each change, before its
 * reply, and every second for what a failed attempt left). Each goes under an id of the deployer's
 * own, so that appending it again (a retry, two flushes racing) finds the first record.
 */
public final class AuditTrail {
  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
  private static final int BATCH = 100;
  private final BusClient bus;
  private final Pool pool;
  private Future<Void> flushing = Future.succeededFuture();
  private volatile boolean stopped;

  public AuditTrail(BusClient bus, Pool pool) {
    this.bus = bus;
    this.pool = pool;
  }

  /** Writes the record of {@code command}'s change of {@code subject} with the change, in {@code tx}. */
  public Future<Void> append(SqlClient tx, Command command, String id, String action, String subject, JsonObject details) {
    JsonObject record = new JsonObject().put("id", id).put("service", "deployer").put("action", action)
        .put("subject", subject).put("details", details);
    Actor actor = command.requireActor();
    return tx.preparedQuery("INSERT INTO audit_outbox (id, record, request_id, actor, actor_token)"
            + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING")
        .execute(Tuple.of(id, record, command.requestId(), actor.user(), actor.tokenId().orElse(null))).mapEmpty();
  }

  /**
   * Appends the records that wait, oldest first, each removed once the registry has it; a record the
   * registry refuses (a 4xx) is set aside with the reason, and a failure otherwise stops the round
   * (the next one tries again). Rounds run one after the other, each after the ones asked for
   * before it, so that a caller's round sees its own record.
   */
  public Future<Void> flush() {
    flushing = flushing.transform(previous -> pending().compose(this::appendInOrder));
    return flushing;
  }

  /** The periodic round, for what failed before: only when no round is under way or waiting. */
  public void sweep() {
    if (flushing.isComplete() && !stopped) {
      flush();
    }
  }

  /** No more rounds, and no warning for one cut short by the pool closing: what waits stays in the outbox. */
  public void stop() {
    stopped = true;
  }

  private Future<List<Row>> pending() {
    return pool.preparedQuery("SELECT seq, record, request_id, actor, actor_token FROM audit_outbox WHERE rejected IS NULL"
            + " ORDER BY seq LIMIT $1")
        .execute(Tuple.of(BATCH)).map(rows -> {
          List<Row> all = new ArrayList<>();
          rows.forEach(all::add);
          return all;
        });
  }

  private Future<Void> appendInOrder(List<Row> rows) {
    Future<Void> done = Future.succeededFuture();
    for (Row row : rows) {
      done = done.compose(v -> bus.request(Addresses.REGISTRY, RegistryCommands.APPEND_AUDIT, row.getJsonObject("record"),
              row.getString("request_id"), new Actor(row.getString("actor"), Optional.ofNullable(row.getString("actor_token"))))
          .compose(appended -> pool.preparedQuery("DELETE FROM audit_outbox WHERE seq = $1").execute(Tuple.of(row.getLong("seq"))))
          .<Void>mapEmpty()
          .recover(failure -> refused(failure)
              ? setAside(row.getLong("seq"), ((ProblemException) failure).problem().detail())
              : Future.failedFuture(failure)));
    }
    return done.onFailure(e -> {
      if (!stopped) {
        LOG.warn("audit records wait for the registry: {}", e.toString());
      }
    });
  }

  /** The registry said no for a reason a retry will not change. */
  private static boolean refused(Throwable failure) {
    return failure instanceof ProblemException problem && problem.problem().status() / 100 == 4
        && problem.problem().status() != 408 && problem.problem().status() != 429;
  }

  private Future<Void> setAside(long seq, String why) {
    LOG.error("the registry refused audit record {} ({}); it is kept in audit_outbox.rejected", seq, why);
    return pool.preparedQuery("UPDATE audit_outbox SET rejected = $2 WHERE seq = $1")
        .execute(Tuple.of(seq, why == null ? "refused" : why)).mapEmpty();
  }
}
