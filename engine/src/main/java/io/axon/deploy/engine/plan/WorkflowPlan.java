package io.axon.deploy.engine.plan;

import io.vertx.json.schema.Validator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A definition made ready to run: nodes by id, edges by source and by target, the trigger, the
 * leaves (whose outputs make the workflow's output), the timeout, and the input schema's validator.
 */
public record WorkflowPlan(
    Map<String, Node> nodes,
    Map<String, List<Edge>> outgoing,
    Map<String, List<Edge>> incoming,
    String trigger,
    List<String> leaves,
    long timeoutMs,
    Optional<Validator> inputSchema) {

  public static final long DEFAULT_TIMEOUT_MS = 30_000;

  public Node node(String id) {
    return nodes.get(id);
  }

  public List<Edge> from(String id) {
    return outgoing.getOrDefault(id, List.of());
  }

  public List<Edge> into(String id) {
    return incoming.getOrDefault(id, List.of());
  }
}
