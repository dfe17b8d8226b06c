package io.axon.deploy.common.bus;

import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemException;
import io.axon.deploy.common.error.ProblemType;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the messages of one service address to a handler per {@link BusHeaders#ACTION} and turns
 * the handler's outcome into a reply: the JSON body, or a failure whose code is the HTTP status and
 * whose message is the problem document.
 */
public final class CommandDispatcher implements Handler<Message<JsonObject>> {
  private static final Logger LOG = LoggerFactory.getLogger(CommandDispatcher.class);

  private final Map<String, Function<Command, Future<JsonObject>>> handlers = new HashMap<>();

  public CommandDispatcher on(String action, Function<Command, Future<JsonObject>> handler) {
    handlers.put(action, handler);
    return this;
  }

  @Override
  public void handle(Message<JsonObject> message) {
    Command command = new Command(
        message.headers().get(BusHeaders.ACTION),
        message.body() == null ? new JsonObject() : message.body(),
        message.headers().get(BusHeaders.REQUEST_ID),
        message.headers().get(BusHeaders.ACTOR));
    dispatch(command).onComplete(
        message::reply,
        failure -> {
          Problem problem = toProblem(command, failure);
          message.fail(problem.status(), problem.toJson().encode());
        });
  }

  private Future<JsonObject> dispatch(Command command) {
    Function<Command, Future<JsonObject>> handler = handlers.get(command.action());
    if (handler == null) {
      return Future.failedFuture(Problem.malformed("unknown action '" + command.action() + "'"));
    }
    try {
      return handler.apply(command);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static Problem toProblem(Command command, Throwable failure) {
    if (failure instanceof ProblemException known) {
      return known.problem();
    }
    if (failure instanceof IllegalArgumentException | failure instanceof ClassCastException) {
      return new Problem(ProblemType.MALFORMED, failure.getMessage());
    }
    LOG.error("[{}] {} failed", command.requestId(), command.action(), failure);
    return new Problem(ProblemType.INTERNAL, "the request " + command.requestId() + " failed unexpectedly");
  }
}
