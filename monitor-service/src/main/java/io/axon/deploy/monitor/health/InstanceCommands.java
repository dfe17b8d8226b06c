package io.axon.deploy.monitor.health;

import io.axon.deploy.common.bus.Command;
import io.axon.deploy.common.bus.CommandDispatcher;
import io.axon.deploy.common.bus.Reply;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.monitor.InstanceView;
import io.axon.deploy.common.monitor.MonitorCommands;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * {@link MonitorCommands#LIST_INSTANCES}: {@code {environment?}} → {@code {items: [InstanceView]}}
 * by environment and instance id. An instance that discovery lists but that has no verdict yet (it
 * failed fewer polls than make it unhealthy, and never answered) is not listed.
 */
public final class InstanceCommands {
  private final HealthPoller poller;

  public InstanceCommands(HealthPoller poller) {
    this.poller = poller;
  }

  public void register(CommandDispatcher dispatcher) {
    dispatcher.on(MonitorCommands.LIST_INSTANCES, this::list);
  }

  private Future<Reply> list(Command command) {
    Object environment = command.body().getValue("environment");
    if (environment != null && !(environment instanceof String)) {
      return Future.failedFuture(Problem.at(ProblemType.MALFORMED, "/environment",
          "environment must be a string such as production"));
    }
    JsonArray items = new JsonArray();
    poller.views(Optional.ofNullable((String) environment)).stream().map(InstanceView::toJson).forEach(items::add);
    return Future.succeededFuture(Reply.ok(new JsonObject().put("items", items)));
  }
}
