package io.axon.deploy.gateway.execution;

import io.axon.deploy.common.bus.Addresses;
import io.axon.deploy.common.bus.BusHeaders;
import io.axon.deploy.common.monitor.ExecutionBatch;
import io.axon.deploy.common.monitor.ExecutionOutcome;
import io.axon.deploy.common.monitor.MonitorCommands;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.Optional;

/**
 * Collects one event loop's executions and ships them to the monitor in small batches, grouped by
 * what they share ({@link ExecutionBatch}): at most every {@code flushMs}, or as soon as
 * {@link #BATCH} are waiting. Sent, not requested: a monitor that is away loses those numbers,
 * never an execution.
 */
public final class ExecutionLog {
  static final int BATCH = 500;
  private static final DeliveryOptions SEND = new DeliveryOptions().addHeader(BusHeaders.ACTION, MonitorCommands.RECORD_EXECUTIONS);

  private final Vertx vertx;
  private ExecutionBatch pending = new ExecutionBatch();
  private long timer = -1;

  public ExecutionLog(Vertx vertx) {
    this.vertx = vertx;
  }

  public void start(long flushMs) {
    timer = vertx.setPeriodic(flushMs, flushMs, id -> flush());
  }

  public void stop() {
    vertx.cancelTimer(timer);
    flush();
  }

  public void record(String environment, String workflow, String version, Optional<String> deploymentId,
      String instanceId, ExecutionOutcome outcome, long latencyMicros, long at) {
    record(environment, workflow, version, deploymentId, instanceId, outcome, latencyMicros, at, Optional.empty());
  }

  /** One execution; {@code node} names the node that failed, for a failed execution whose engine said which. */
  public void record(String environment, String workflow, String version, Optional<String> deploymentId,
      String instanceId, ExecutionOutcome outcome, long latencyMicros, long at, Optional<String> node) {
    pending.add(environment, workflow, version, deploymentId, instanceId, outcome, latencyMicros, at, node);
    if (pending.size() >= BATCH) {
      flush();
    }
  }

  private void flush() {
    if (pending.isEmpty()) {
      return;
    }
    ExecutionBatch batch = pending;
    pending = new ExecutionBatch();
    vertx.eventBus().send(Addresses.MONITOR, batch.toJson(), SEND);
  }
}
