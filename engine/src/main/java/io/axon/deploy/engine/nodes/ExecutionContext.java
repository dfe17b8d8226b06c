package io.axon.deploy.engine.nodes;

import io.vertx.core.Vertx;

/**
 * Where an execution runs: its id, the workflow and version, the environment, how deep in a chain
 * of subworkflows it is, and timers it started (cancelled when it ends early).
 */
public final class ExecutionContext {
  private final Vertx vertx;
  private final String executionId;
  private final String workflow;
  private final String version;
  private final int depth;
  private final java.util.Set<Long> timers = new java.util.HashSet<>();

  public ExecutionContext(Vertx vertx, String executionId, String workflow, String version, int depth) {
    this.vertx = vertx;
    this.executionId = executionId;
    this.workflow = workflow;
    this.version = version;
    this.depth = depth;
  }

  public Vertx vertx() {
    return vertx;
  }

  public String executionId() {
    return executionId;
  }

  public String workflow() {
    return workflow;
  }

  public String version() {
    return version;
  }

  /** How many subworkflow calls led to this execution (0 for one a client started). */
  public int depth() {
    return depth;
  }

  /** A timer that is cancelled if the execution ends before it fires. */
  public io.vertx.core.Future<Void> after(long ms) {
    io.vertx.core.Promise<Void> fired = io.vertx.core.Promise.promise();
    long[] id = new long[1];
    id[0] = vertx.setTimer(Math.max(1, ms), t -> {
      timers.remove(id[0]);
      fired.tryComplete();
    });
    timers.add(id[0]);
    return fired.future();
  }

  /** Cancels the timers still pending. */
  public void end() {
    timers.forEach(vertx::cancelTimer);
    timers.clear();
  }
}
