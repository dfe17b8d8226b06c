package io.axon.deploy.monitor.windows;

import io.axon.deploy.common.monitor.ExecutionOutcome;
import io.axon.deploy.common.monitor.ExecutionRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.DoubleStream;

/**
 * The executions the gateways report, for Prometheus: {@code axon_executions_total{environment,
 * workflow, version, outcome}} counts every execution, rejected ones included (under their outcome);
 * {@code axon_execution_duration_seconds{environment, workflow, version}} is a histogram of the
 * latencies of the executions of the version (rejected ones are not, as in the windows) with
 * {@link #BUCKETS}. Each series' meters are registered once and kept: looked up in a map on the
 * monitor's event loop, not registered per record.
 */
public final class ExecutionMeters {
  public static final String EXECUTIONS = "axon.executions";
  public static final String DURATION = "axon.execution.duration";
  /** From a millisecond to the 30 s past which a gateway gives up on an engine. */
  static final Duration[] BUCKETS = DoubleStream.of(1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000)
      .mapToObj(ms -> Duration.ofMillis((long) ms)).toArray(Duration[]::new);

  private record Series(String environment, String workflow, String version) {
  }

  private record Outcome(Series series, ExecutionOutcome outcome) {
  }

  private final MeterRegistry registry;
  private final Map<Outcome, Counter> counters = new HashMap<>();
  private final Map<Series, Timer> timers = new HashMap<>();

  public ExecutionMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  public void record(ExecutionRecord execution) {
    Series series = new Series(execution.environment(), execution.workflow(), execution.version());
    counters.computeIfAbsent(new Outcome(series, execution.outcome()), this::counter).increment();
    if (execution.outcome() != ExecutionOutcome.REJECTED && execution.latencyMicros() >= 0) {
      timers.computeIfAbsent(series, this::timer).record(execution.latencyMicros(), TimeUnit.MICROSECONDS);
    }
  }

  private Counter counter(Outcome key) {
    return Counter.builder(EXECUTIONS)
        .description("Workflow executions the gateways routed, by how they ended")
        .tag("environment", key.series().environment())
        .tag("workflow", key.series().workflow())
        .tag("version", key.series().version())
        .tag("outcome", key.outcome().wire())
        .register(registry);
  }

  private Timer timer(Series key) {
    return Timer.builder(DURATION)
        .description("Time from a gateway receiving an execution request to the engine's answer")
        .tag("environment", key.environment())
        .tag("workflow", key.workflow())
        .tag("version", key.version())
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }
}
