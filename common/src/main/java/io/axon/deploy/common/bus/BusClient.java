package io.axon.deploy.common.bus;

import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemType;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/** Sends commands to a service address and turns failed replies back into problems. */
public final class BusClient {
  private final EventBus bus;
  private final long timeoutMs;

  public BusClient(EventBus bus, long timeoutMs) {
    this.bus = bus;
    this.timeoutMs = timeoutMs;
    HandOverCodec.registerOn(bus);
  }

  /** A read, or a change without an idempotency key. */
  public Future<Reply> request(String address, String action, JsonObject body, String requestId, Actor actor) {
    return request(address, action, body, requestId, actor, Optional.empty());
  }

  public Future<Reply> request(String address, String action, JsonObject body, String requestId, Actor actor,
      Optional<String> idempotencyKey) {
    return request(address, action, body, requestId, actor, idempotencyKey, 0);
  }

  /** A command made from an HTTP request of {@code bodyBytes} bytes. */
  public Future<Reply> request(String address, String action, JsonObject body, String requestId, Actor actor,
      Optional<String> idempotencyKey, long bodyBytes) {
    DeliveryOptions options = new DeliveryOptions()
        .setCodecName(HandOverCodec.NAME)
        .setSendTimeout(timeoutMs)
        .addHeader(BusHeaders.ACTION, action);
    if (requestId != null) {
      options.addHeader(BusHeaders.REQUEST_ID, requestId);
    }
    if (actor != null) {
      options.addHeader(BusHeaders.ACTOR, actor.user());
      actor.tokenId().ifPresent(id -> options.addHeader(BusHeaders.ACTOR_TOKEN, id));
    }
    idempotencyKey.ifPresent(key -> options.addHeader(BusHeaders.IDEMPOTENCY_KEY, key));
    options.addHeader(BusHeaders.DEADLINE, Long.toString(System.currentTimeMillis() + timeoutMs));
    if (bodyBytes > 0) {
      options.addHeader(BusHeaders.BODY_BYTES, Long.toString(bodyBytes));
    }
    return bus.<Object>request(address, body, options)
        .map(Reply::of)
        .recover(failure -> Future.failedFuture(asProblem(address, failure)));
  }

  private static Throwable asProblem(String address, Throwable failure) {
    if (!(failure instanceof ReplyException reply)) {
      return failure;
    }
    return switch (reply.failureType()) {
      case NO_HANDLERS -> new Problem(ProblemType.UNAVAILABLE, address + " is not available").exception();
      case TIMEOUT -> new Problem(ProblemType.TIMEOUT, address + " did not answer in time").exception();
      case ERROR -> new Problem(ProblemType.INTERNAL, address + " could not be reached: " + reply.getMessage()).exception();
      default -> recipientProblem(reply).exception();
    };
  }

  private static Problem recipientProblem(ReplyException reply) {
    try {
      return Problem.fromJson(new JsonObject(reply.getMessage()));
    } catch (DecodeException | NullPointerException e) {
      return new Problem(ProblemType.ofStatus(reply.failureCode()), reply.getMessage());
    }
  }
}
