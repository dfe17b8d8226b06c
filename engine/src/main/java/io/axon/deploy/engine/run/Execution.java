package io.axon.deploy.engine.run;

import io.axon.deploy.engine.nodes.ExecutionContext;
import io.axon.deploy.engine.nodes.NodeAction;
import io.axon.deploy.engine.nodes.NodeActions;
import io.axon.deploy.engine.nodes.NodeFailure;
import io.axon.deploy.engine.nodes.NodeOutcome;
import io.axon.deploy.engine.nodes.NodeRun;
import io.axon.deploy.engine.plan.Node;
import io.axon.deploy.engine.plan.WorkflowPlan;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Runs one workflow plan on the caller's event loop: each node that becomes ready starts at once,
 * so parallel branches overlap; the first node to fail, or the workflow's timeout, ends the
 * execution, and whatever is still running is ignored and its timers cancelled.
 */
public final class Execution {
  private final WorkflowPlan plan;
  private final NodeActions actions;
  private final ExecutionContext context;
  private final Walk walk;
  private final JsonObject outputs = new JsonObject();
  private final JsonObject scope;
  private final Promise<ExecutionResult> done = Promise.promise();
  private final long started = System.nanoTime();
  private final ArrayDeque<String> ready = new ArrayDeque<>();
  private boolean draining;

  public Execution(WorkflowPlan plan, NodeActions actions, ExecutionContext context, JsonObject input) {
    this.plan = plan;
    this.actions = actions;
    this.context = context;
    this.walk = new Walk(plan);
    this.scope = new JsonObject().put("input", input).put("nodes", outputs);
  }

  /** Starts the execution; the future always succeeds, with a failed result when the workflow failed. */
  public Future<ExecutionResult> run() {
    long timer = context.vertx().setTimer(plan.timeoutMs(), t -> finish(new ExecutionResult.Error("timeout", null,
        "the workflow did not finish within its timeout of " + plan.timeoutMs() + " ms")));
    schedule(walk.start());
    return done.future().onComplete(result -> {
      context.vertx().cancelTimer(timer);
      context.end();
    });
  }

  /**
   * Starts the nodes that became ready. Nodes that finish at once (most do) complete inside this
   * loop instead of recursing, so a chain of 10,000 nodes does not grow the stack.
   */
  private void schedule(List<String> nodes) {
    ready.addAll(nodes);
    if (draining) {
      return;
    }
    draining = true;
    try {
      while (!ready.isEmpty() && !done.future().isComplete()) {
        start(ready.poll());
      }
    } finally {
      draining = false;
    }
  }

  private void start(String id) {
    Node node = plan.node(id);
    Object input = id.equals(plan.trigger()) ? scope.getValue("input") : inputOf(id);
    Future<NodeOutcome> outcome;
    try {
      NodeAction action = actions.find(node.type()).orElseThrow(() -> new NodeFailure("no action for type " + node.type()));
      JsonObject config = Templates.resolveObject(node.config(), scope);
      outcome = action.run(new NodeRun(node, config, input, scope, context));
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(e);
    }
    outcome.onComplete(result -> {
      if (result.failed()) {
        finish(new ExecutionResult.Error("node-failed", id, message(id, node.type(), result.cause())));
      } else {
        completed(id, result.result());
      }
    });
  }

  private void completed(String id, NodeOutcome outcome) {
    if (done.future().isComplete()) {
      return;
    }
    outputs.put(id, new JsonObject().put("output", outcome.output()));
    schedule(walk.completed(id, outcome.port()));
    if (walk.finished() && ready.isEmpty()) {
      done.tryComplete(new ExecutionResult(context.executionId(), ExecutionResult.SUCCEEDED, output(), null, elapsed()));
    }
  }

  /** The output of the one node that led here, or the outputs of several merged (objects field by field). */
  private Object inputOf(String node) {
    List<String> sources = walk.sources(node);
    if (sources.size() == 1) {
      return outputOf(sources.get(0));
    }
    return merge(sources);
  }

  /** The workflow's output: the output of the one leaf that ran, or the leaves' outputs merged. */
  private Object output() {
    List<String> ran = plan.leaves().stream().filter(walk::ran).toList();
    return ran.size() == 1 ? outputOf(ran.get(0)) : merge(ran);
  }

  private JsonObject merge(List<String> nodes) {
    JsonObject merged = new JsonObject();
    for (String node : nodes) {
      if (outputOf(node) instanceof JsonObject object) {
        merged.mergeIn(object);
      } else if (outputOf(node) != null) {
        merged.put(node, outputOf(node));
      }
    }
    return merged;
  }

  private Object outputOf(String node) {
    return outputs.getJsonObject(node).getValue("output");
  }

  private void finish(ExecutionResult.Error error) {
    done.tryComplete(new ExecutionResult(context.executionId(), ExecutionResult.FAILED, null, error, elapsed()));
  }

  private static String message(String id, String type, Throwable cause) {
    String detail = cause instanceof NodeFailure ? cause.getMessage() : cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    return "node " + id + " (" + type + ") failed: " + detail;
  }

  private long elapsed() {
    return (System.nanoTime() - started) / 1_000_000;
  }
}
