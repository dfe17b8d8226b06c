package io.axon.deploy.common.bus;

import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * A request received on the bus: the action, its body, who asked ({@code actor} is absent for reads
 * that need no one), for which request, and for a write the caller's idempotency key.
 */
public record Command(String action, JsonObject body, String requestId, Optional<Actor> actor,
    Optional<String> idempotencyKey) {

  public Command(String action, JsonObject body, String requestId, Actor actor) {
    this(action, body, requestId, Optional.ofNullable(actor), Optional.empty());
  }

  /** The actor of a change, which {@link CommandDispatcher#onChange} has made sure is there. */
  public Actor requireActor() {
    return actor.orElseThrow();
  }
}
