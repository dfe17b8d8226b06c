package io.axon.deploy.deployer.environment;

import io.axon.deploy.common.bus.Command;
import io.axon.deploy.common.bus.CommandDispatcher;
import io.axon.deploy.common.bus.Reply;
import io.axon.deploy.common.deployer.DeployerCommands;
import io.axon.deploy.common.json.Fields;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Reads environments. Changing them ({@code PUT}) arrives with progressive delivery. */
public final class EnvironmentCommands {
  private final EnvironmentRepository environments;

  public EnvironmentCommands(EnvironmentRepository environments) {
    this.environments = environments;
  }

  public void register(CommandDispatcher dispatcher) {
    dispatcher
        .on(DeployerCommands.LIST_ENVIRONMENTS, command -> environments.all()
            .map(all -> Reply.ok(new JsonObject().put("items", new JsonArray(all.stream().map(Environment::toJson).toList())))))
        .on(DeployerCommands.GET_ENVIRONMENT, this::get);
  }

  private Future<Reply> get(Command command) {
    String name = Fields.text(command.body(), "environment", "");
    return environments.require(name).map(environment -> Reply.ok(environment.toJson()).withHeader("ETag", environment.etag()));
  }
}
