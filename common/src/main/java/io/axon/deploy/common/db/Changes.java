package io.axon.deploy.common.db;

import io.axon.deploy.common.bus.Command;
import io.axon.deploy.common.bus.Reply;
import io.axon.deploy.common.cpu.CpuPool;
import io.axon.deploy.common.events.OutboxRelay;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.function.Function;

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

  public Changes(Pool pool, IdempotencyKeys keys, OutboxRelay relay, CpuPool cpu) {
    this.pool = pool;
    this.keys = keys;
    this.relay = relay;
    this.cpu = cpu;
  }

  public Future<Reply> run(Command command, Function<SqlConnection, Future<Reply>> change) {
    if (command.idempotencyKey().isEmpty()) {
      return pool.withTransaction(change::apply).onSuccess(reply -> relay.nudge());
    }
    String key = command.idempotencyKey().get();
    return cpu.run(CpuPool.largeCommand(command.body()), () -> IdempotencyKeys.fingerprint(command))
        .compose(fingerprint -> pool.withTransaction(tx -> keys.claim(tx, command, key, fingerprint)
            .compose(replayed -> replayed.isPresent()
                ? Future.succeededFuture(replayed.get())
                : change.apply(tx).compose(reply -> keys.remember(tx, command, key, fingerprint, reply).map(reply)))))
        .onSuccess(reply -> relay.nudge());
  }
}
