package io.axon.deploy.common.db;

import io.axon.deploy.common.bus.Command;
import io.axon.deploy.common.bus.Reply;
import io.axon.deploy.common.cpu.CpuPool;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.json.CanonicalJson;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of a service's {@code idempotency_keys}: a key, the digest of the command it came with and
 * the reply, written in the transaction of the change itself, so that a key is answered exactly when
 * its change committed. While the change runs, its transaction holds an advisory lock on the key: the
 * lease ends with the transaction, which PostgreSQL ends when the process dies or a statement outlives
 * the caller's deadline. Keys are kept for a day and belong to the caller's token.
 */
public final class IdempotencyKeys {
  public static final String REPLAYED_HEADER = "Idempotent-Replayed";
  private static final int MAX_KEY_LENGTH = 255;

  /** A retry's outcome: the first reply again, or nothing yet (the change is to run). */
  public Future<Optional<Reply>> claim(SqlConnection tx, Command command, String key, String fingerprint, CpuPool cpu) {
    if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
      return Future.failedFuture(Problem.malformed("Idempotency-Key is 1 to " + MAX_KEY_LENGTH + " characters"));
    }
    String owner = command.requireActor().principal();
    return tx.preparedQuery("SELECT pg_try_advisory_xact_lock(hashtextextended($1, 7)) AS leased")
        .execute(Tuple.of(owner + "\n" + key))
        .compose(rows -> {
          if (!rows.iterator().next().getBoolean("leased")) {
            return Future.failedFuture(new Problem(ProblemType.CONFLICT,
                "a request with this Idempotency-Key is still in progress; retry when it has finished").exception());
          }
          return tx.preparedQuery("SELECT fingerprint, reply::text AS reply FROM idempotency_keys"
                  + " WHERE owner = $1 AND key = $2 AND expires_at > now()")
              .execute(Tuple.of(owner, key));
        })
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(Optional.<Reply>empty());
          }
          var row = rows.iterator().next();
          if (!row.getString("fingerprint").equals(fingerprint)) {
            return Future.failedFuture(Problem.unprocessable("this Idempotency-Key was used for a different request; use a new key",
                List.of(new Problem.FieldError("header/Idempotency-Key", "already used for a different request"))));
          }
          String reply = row.getString("reply");
          return cpu.run(CpuPool.largeText(reply.length()),
              () -> Optional.of(Reply.fromJson(new io.vertx.core.json.JsonObject(reply)).withHeader(REPLAYED_HEADER, "true")));
        });
  }

  /** Keeps the reply of a change (as {@link Reply#toJson} text) under its key, in the change's transaction. */
  public Future<Void> remember(SqlConnection tx, Command command, String key, String fingerprint, String reply) {
    return tx.preparedQuery("INSERT INTO idempotency_keys (owner, key, fingerprint, reply, expires_at)"
            + " VALUES ($1, $2, $3, $4::text::jsonb, now() + interval '24 hours')"
            + " ON CONFLICT (owner, key) DO UPDATE SET fingerprint = $3, reply = $4::text::jsonb, expires_at = now() + interval '24 hours'")
        .execute(Tuple.of(command.requireActor().principal(), key, fingerprint, reply))
        .mapEmpty();
  }

  /** Forgets expired keys. */
  public Future<Integer> sweep(Pool pool) {
    return pool.query("DELETE FROM idempotency_keys WHERE expires_at <= now()").execute().map(rows -> rows.rowCount());
  }

  /** The digest of what was asked: a retry must ask the same. */
  public static String fingerprint(Command command) {
    return CanonicalJson.sha256Hex(command.action() + "\n" + CanonicalJson.write(command.body()));
  }

}
