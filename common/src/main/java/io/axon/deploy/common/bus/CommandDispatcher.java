package io.axon.deploy.common.bus;

import io.axon.deploy.common.cpu.CpuPool;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.common.error.ProblemException;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.json.StorableJson;
import io.axon.deploy.common.semver.InvalidVersionException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the messages of one service address to a handler per {@link BusHeaders#ACTION} and turns
 * the handler's outcome into a reply: the {@link Reply}'s body with its status and headers, or a
 * failure whose code is the HTTP status and whose message is the problem document.
 */
public final class CommandDispatcher implements Handler<Message<JsonObject>> {
  private static final Logger LOG = LoggerFactory.getLogger(CommandDispatcher.class);

  private final Map<String, Function<Command, Future<Reply>>> handlers = new HashMap<>();
  private final CpuPool cpu;

  /**
   * A dispatcher for a service on {@code bus}, whose replies hand their bodies over
   * ({@link HandOverCodec}), and which checks large commands on {@code cpu}.
   */
  public CommandDispatcher(io.vertx.core.eventbus.EventBus bus, CpuPool cpu) {
    HandOverCodec.registerOn(bus);
    this.cpu = cpu;
  }

  public CommandDispatcher on(String action, Function<Command, Future<Reply>> handler) {
    handlers.put(action, handler);
    return this;
  }

  /** A command that changes state: it must say on whose behalf ({@link BusHeaders#ACTOR}), for the audit trail. */
  public CommandDispatcher onChange(String action, Function<Command, Future<Reply>> handler) {
    return on(action, command -> command.actor().isEmpty()
        ? Future.failedFuture(Problem.malformed(action + " needs an '" + BusHeaders.ACTOR + "' header"))
        : handler.apply(command));
  }

  @Override
  public void handle(Message<JsonObject> message) {
    Object body = message.body();
    if (body != null && !(body instanceof JsonObject)) {
      Problem problem = new Problem(ProblemType.MALFORMED, "a command's body is a JSON object");
      message.fail(problem.status(), problem.toJson().encode());
      return;
    }
    Command command = command(message.headers(), body == null ? new JsonObject() : (JsonObject) body);
    dispatch(command).onComplete(
        reply -> message.reply(reply.wireBody(), reply.deliveryOptions()),
        failure -> {
          Problem problem = toProblem(command, failure);
          message.fail(problem.status(), problem.toJson().encode());
        });
  }

  private static Command command(MultiMap headers, JsonObject body) {
    String user = headers.get(BusHeaders.ACTOR);
    Optional<Actor> actor = user == null || user.isBlank()
        ? Optional.empty() : Optional.of(Actor.of(user, headers.get(BusHeaders.ACTOR_TOKEN)));
    return new Command(headers.get(BusHeaders.ACTION), body, headers.get(BusHeaders.REQUEST_ID), actor,
        Optional.ofNullable(headers.get(BusHeaders.IDEMPOTENCY_KEY)), number(headers.get(BusHeaders.DEADLINE)),
        number(headers.get(BusHeaders.BODY_BYTES)).orElse(0L));
  }

  private static Optional<Long> number(String header) {
    try {
      return Optional.ofNullable(header).map(Long::parseLong);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private Future<Reply> dispatch(Command command) {
    Function<Command, Future<Reply>> handler = handlers.get(command.action());
    if (handler == null) {
      return Future.failedFuture(Problem.malformed("unknown action '" + command.action() + "'"));
    }
    return cpu.run(command.large(), () -> StorableJson.problems(command.body()))
        .compose(unstorable -> {
          if (!unstorable.isEmpty()) {
            return Future.failedFuture(new Problem(ProblemType.MALFORMED, "the request holds values that cannot be stored",
                unstorable).exception());
          }
          try {
            return handler.apply(command);
          } catch (RuntimeException e) {
            return Future.failedFuture(e);
          }
        });
  }

  private static Problem toProblem(Command command, Throwable failure) {
    if (failure instanceof ProblemException known) {
      return known.problem();
    }
    if (failure instanceof InvalidVersionException invalid) { // a version the caller's request leads to
      return new Problem(ProblemType.UNPROCESSABLE, invalid.getMessage());
    }
    if (failure instanceof ClassCastException) { // a field of the wrong type in the caller's JSON
      return new Problem(ProblemType.MALFORMED, "a field has the wrong type: " + failure.getMessage());
    }
    if (failure instanceof PgException pg && pg.getSqlState() != null && pg.getSqlState().startsWith("22")) {
      // a data exception: a value of the caller's that PostgreSQL cannot take, whatever slipped past the checks
      return new Problem(ProblemType.MALFORMED, "a value cannot be stored: " + pg.getErrorMessage());
    }
    if (failure instanceof io.vertx.core.http.ConnectionPoolTooBusyException) {
      return new Problem(ProblemType.UNAVAILABLE, "the service is saturated; retry shortly");
    }
    if (failure instanceof PgException timeout && ("57014".equals(timeout.getSqlState()) || "25P03".equals(timeout.getSqlState()))) {
      return new Problem(ProblemType.TIMEOUT, "the request took longer than its deadline and was cancelled");
    }
    if (failure instanceof io.vertx.sqlclient.ClosedConnectionException) {
      return new Problem(ProblemType.UNAVAILABLE, "the database connection closed; retry shortly");
    }
    LOG.error("[{}] {} failed", command.requestId(), command.action(), failure);
    return new Problem(ProblemType.INTERNAL, "the request " + command.requestId() + " failed unexpectedly");
  }
}
