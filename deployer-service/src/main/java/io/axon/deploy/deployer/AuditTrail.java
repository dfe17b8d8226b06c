package io.axon.deploy.deployer;

import io.axon.deploy.common.bus.Actor;
import io.axon.deploy.common.bus.Addresses;
import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.bus.Command;
import io.axon.deploy.common.bus.RegistryCommands;
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
   * Appends the records that wait, oldest first, each removed once the registry has it; stops at the
   * first that fails (the next flush tries it again). One flush at a time: a second waits for the first.
   */
  public Future<Void> flush() {
    flushing = flushing.transform(previous -> pending().compose(this::appendInOrder));
    return flushing;
  }

  private Future<List<Row>> pending() {
    return pool.preparedQuery("SELECT seq, record, request_id, actor, actor_token FROM audit_outbox ORDER BY seq LIMIT $1")
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
          .mapEmpty());
    }
    return done.onFailure(e -> LOG.warn("audit records wait for the registry: {}", e.toString()));
  }
}
