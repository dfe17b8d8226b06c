package io.axon.deploy.common.db;

import io.axon.deploy.common.bus.Command;
import io.axon.deploy.common.bus.Reply;
import io.axon.deploy.common.cpu.CpuPool;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.events.OutboxRelay;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a change of state in one transaction together with what must commit with it: the reply kept
 * under the caller's idempotency key (a retry gets that reply instead of a second change) and the
 * change's outbox events, which are relayed once the transaction has committed.
 */
public final class Changes {
  private final Pool pool;
  private final IdempotencyKeys keys;
  private final OutboxRelay relay;
  private final CpuPool cpu;
  private final Supplier<Future<Void>> afterCommit;

  public Changes(Pool pool, IdempotencyKeys keys, OutboxRelay relay, CpuPool cpu) {
    this(pool, keys, relay, cpu, Future::succeededFuture);
  }

  /**
   * @param afterCommit what a change does once committed, before its reply goes out (such as handing
   *     its audit records on); a failure there does not undo the change or fail its reply: what it
   *     carries waits in the database for the next attempt
   */
  public Changes(Pool pool, IdempotencyKeys keys, OutboxRelay relay, CpuPool cpu, Supplier<Future<Void>> afterCommit) {
    this.pool = pool;
    this.keys = keys;
    this.relay = relay;
    this.cpu = cpu;
    this.afterCommit = afterCommit;
  }

  public Future<Reply> run(Command command, Function<SqlConnection, Future<Reply>> change) {
    Function<SqlConnection, Future<Reply>> inTime = tx -> change.apply(tx).compose(reply -> beforeDeadline(command, reply));
    if (command.idempotencyKey().isEmpty()) {
      return pool.withTransaction(inTime::apply).onSuccess(reply -> relay.nudge()).compose(this::committed);
    }
    String key = command.idempotencyKey().get();
    return cpu.run(command.large(), () -> IdempotencyKeys.fingerprint(command))
        .compose(fingerprint -> pool.withTransaction(tx -> keys.claim(tx, command, key, fingerprint, cpu)
            .compose(replayed -> replayed.isPresent()
                ? Future.succeededFuture(replayed.get())
                : inTime.apply(tx).compose(reply -> cpu.run(command.large(), () -> reply.toJson().encode())
                    .compose(kept -> keys.remember(tx, command, key, fingerprint, kept)).map(reply)))))
        .onSuccess(reply -> relay.nudge())
        .compose(this::committed);
  }

  private Future<Reply> committed(Reply reply) {
    return afterCommit.get().transform(done -> Future.succeededFuture(reply));
  }

  /**
   * A change whose caller has stopped waiting is rolled back rather than committed: the caller was
   * told 504, so the change must not happen behind its back, and the key's lease ends with it.
   */
  private static Future<Reply> beforeDeadline(Command command, Reply reply) {
    return command.expired()
        ? Future.failedFuture(new Problem(ProblemType.TIMEOUT,
            "the request outlived its caller's deadline; nothing was changed").exception())
        : Future.succeededFuture(reply);
  }
}
