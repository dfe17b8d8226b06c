package io.axon.deploy.gateway.execution;

import io.axon.deploy.common.bus.Addresses;
import io.axon.deploy.common.bus.BusHeaders;
import io.axon.deploy.common.monitor.ExecutionRecord;
import io.axon.deploy.common.monitor.MonitorCommands;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects one event loop's execution records and ships them to the monitor in small batches: at
 * most every {@code flushMs}, or as soon as {@link #BATCH} are waiting. Sent, not requested: a
 * monitor that is away loses those numbers, never an execution.
 */
public final class ExecutionLog {
  static final int BATCH = 500;
  private static final DeliveryOptions SEND = new DeliveryOptions().addHeader(BusHeaders.ACTION, MonitorCommands.RECORD_EXECUTIONS);

  private final Vertx vertx;
  private List<ExecutionRecord> pending = new ArrayList<>();
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

  public void record(ExecutionRecord record) {
    pending.add(record);
    if (pending.size() >= BATCH) {
      flush();
    }
  }

  private void flush() {
    if (pending.isEmpty()) {
      return;
    }
    List<ExecutionRecord> batch = pending;
    pending = new ArrayList<>();
    vertx.eventBus().send(Addresses.MONITOR, ExecutionRecord.batch(batch), SEND);
  }
}
