package io.axon.deploy.engine.nodes;

import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The reference node types (DESIGN §6) by name. */
public final class NodeActions {
  private static final Logger LOG = LoggerFactory.getLogger("io.axon.deploy.engine.log");
  private final Map<String, NodeAction> actions;

  /**
   * @param random where {@code fail} draws its chance, from [0, 1)
   * @param gateway what {@code subworkflow} calls
   */
  public NodeActions(WebClient client, DoubleSupplier random, Gateway gateway) {
    this.actions = Map.of(
        "trigger", run -> Future.succeededFuture(NodeOutcome.of(run.input())),
        "transform", run -> Future.succeededFuture(NodeOutcome.of(run.config().getValue("set"))),
        "condition", run -> Future.succeededFuture(new NodeOutcome(run.input(),
            Boolean.toString(run.node().condition().test(run.scope())))),
        "log", NodeActions::log,
        "delay", NodeActions::delay,
        "fail", run -> fail(run, random),
        "http", new HttpAction(client),
        "subworkflow", new SubworkflowAction(client, gateway));
  }

  public Optional<NodeAction> find(String type) {
    return Optional.ofNullable(actions.get(type));
  }

  private static Future<NodeOutcome> log(NodeRun run) {
    LOG.info("{}@{} {} {}: {}", run.execution().workflow(), run.execution().version(), run.execution().executionId(),
        run.node().id(), run.config().getValue("message", ""));
    return Future.succeededFuture(NodeOutcome.of(run.input()));
  }

  private static Future<NodeOutcome> delay(NodeRun run) {
    long ms = Numbers.whole(run.config().getValue("ms"), "ms", 0, 3_600_000);
    return run.execution().after(ms).map(fired -> NodeOutcome.of(run.input()));
  }

  private static Future<NodeOutcome> fail(NodeRun run, DoubleSupplier random) {
    Object configured = run.config().getValue("probability", 1.0);
    if (!(configured instanceof Number probability) || probability.doubleValue() < 0 || probability.doubleValue() > 1) {
      return Future.failedFuture(new NodeFailure("probability must be a number from 0 to 1, not " + configured));
    }
    if (random.getAsDouble() < probability.doubleValue()) {
      return Future.failedFuture(new NodeFailure(String.valueOf(run.config().getValue("message", "failed on purpose"))));
    }
    return Future.succeededFuture(NodeOutcome.of(run.input()));
  }
}
