package io.axon.deploy.common.monitor;

/**
 * The actions the monitor answers on {@link io.axon.deploy.common.bus.Addresses#MONITOR}, and the
 * address of its publications.
 */
public final class MonitorCommands {
  /** {@code {environment?}} → {@code {items: [InstanceView]}}: every engine instance the monitor polls. */
  public static final String LIST_INSTANCES = "instances.list";
  /**
   * {@code {executions: [ExecutionRecord]}}, sent (no reply) by gateways in small batches; a
   * request instead gets {@code {accepted: n}}.
   */
  public static final String RECORD_EXECUTIONS = "executions.record";
  /**
   * {@code {environment, workflow, version?, windowMs?}} → {@code {environment, workflow, windowMs,
   * versions: [WindowStats]}}: the sliding-window numbers of each version of a workflow.
   */
  public static final String METRICS_WINDOW = "metrics.window";
  /** Where the monitor publishes instance status changes, as CloudEvents of type {@link #INSTANCE_STATUS_CHANGED}. */
  public static final String EVENTS = "axon.events.monitor";
  public static final String INSTANCE_STATUS_CHANGED = "axon.instance.status-changed";

  private MonitorCommands() {
  }
}
