package io.axon.deploy.common.bus;

import io.axon.deploy.common.cpu.CpuPool;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * A request received on the bus: the action, its body, who asked ({@code actor} is absent for reads
 * that need no one), for which request, for a write the caller's idempotency key, and when the caller
 * stops waiting; {@code bodyBytes} is the size of the HTTP body it came from (0 when unknown).
 */
public record Command(String action, JsonObject body, String requestId, Optional<Actor> actor,
    Optional<String> idempotencyKey, Optional<Long> deadline, long bodyBytes) {

  /** Whether the command is large enough that its checks belong on a worker: big by bytes or by items. */
  public boolean large() {
    return bodyBytes > CpuPool.LARGE_BYTES || CpuPool.largeCommand(body);
  }

  /** Whether the caller has stopped waiting for the answer. */
  public boolean expired() {
    return deadline.map(at -> System.currentTimeMillis() > at).orElse(false);
  }

  /** The actor of a change, which {@link CommandDispatcher#onChange} has made sure is there. */
  public Actor requireActor() {
    return actor.orElseThrow();
  }
}
