package io.axon.deploy.deployer.gateways;

import io.axon.deploy.common.bus.Command;
import io.axon.deploy.common.bus.CommandDispatcher;
import io.axon.deploy.common.bus.Reply;
import io.axon.deploy.common.deployer.DeployerCommands;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.gateway.RoutingRevision;
import io.axon.deploy.common.json.Fields;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** The gateway roster on the bus: who runs and what they route by, and the wait for a revision to be in force. */
public final class GatewayCommands {
  /** The longest wait a command may ask for. */
  static final long MAX_WAIT_MS = 60_000;
  static final long DEFAULT_WAIT_MS = 2_000;
  /** Room left before the caller's deadline, for the answer to travel back. */
  private static final long REPLY_MARGIN_MS = 100;

  private final GatewayRoster roster;

  public GatewayCommands(GatewayRoster roster) {
    this.roster = roster;
  }

  public void register(CommandDispatcher dispatcher) {
    dispatcher
        .on(DeployerCommands.LIST_GATEWAYS, this::list)
        .on(DeployerCommands.AWAIT_ROUTING, this::await);
  }

  private Future<Reply> list(Command command) {
    return Future.succeededFuture(Reply.ok(new JsonObject().put("items", new JsonArray(roster.gateways().stream()
        .map(gateway -> new JsonObject()
            .put("gatewayId", gateway.gatewayId())
            .put("startedAt", gateway.startedAt().map(Instant::toString).orElse(null))
            .put("lastSeen", Instant.ofEpochMilli(gateway.lastSeen()).toString())
            .put("eventLoops", gateway.eventLoops())
            .put("revisions", new JsonArray(gateway.revisions().stream().map(RoutingRevision::toJson).toList())))
        .toList()))));
  }

  private Future<Reply> await(Command command) {
    String environment = Fields.text(command.body(), "environment", "");
    String workflow = Fields.text(command.body(), "workflow", "");
    if (environment.isEmpty() || workflow.isEmpty()) {
      throw Problem.at(ProblemType.MALFORMED, environment.isEmpty() ? "/environment" : "/workflow",
          "environment and workflow name the routing table");
    }
    if (!(command.body().getValue("revision") instanceof Number revision) || revision.longValue() < 0) {
      throw Problem.at(ProblemType.MALFORMED, "/revision", "revision is the routing table's revision, a whole number");
    }
    Object asked = command.body().getValue("timeoutMs", DEFAULT_WAIT_MS);
    if (!(asked instanceof Number timeout) || timeout.longValue() < 0 || timeout.longValue() > MAX_WAIT_MS) {
      throw Problem.at(ProblemType.MALFORMED, "/timeoutMs", "timeoutMs is from 0 to " + MAX_WAIT_MS);
    }
    // the answer, even a refusal, must reach the caller before it stops waiting
    long timeoutMs = command.deadline().map(deadline -> Math.min(timeout.longValue(),
        Math.max(0, deadline - System.currentTimeMillis() - REPLY_MARGIN_MS))).orElse(timeout.longValue());
    return roster.acknowledged(environment, workflow, revision.longValue(), timeoutMs)
        .map(v -> Reply.ok(new JsonObject().put("environment", environment).put("workflow", workflow)
            .put("revision", revision.longValue())
            .put("gateways", new JsonArray(roster.acknowledgedBy(environment, workflow, revision.longValue())))));
  }
}
