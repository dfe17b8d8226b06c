package io.axon.deploy.monitor;

import io.axon.deploy.common.bus.Addresses;
import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.bus.CommandDispatcher;
import io.axon.deploy.common.cluster.VertxRuntime;
import io.axon.deploy.common.config.AxonConfig;
import io.axon.deploy.common.cpu.CpuPool;
import io.axon.deploy.common.engine.EngineDirectory;
import io.axon.deploy.monitor.analytics.AnalyticsCommands;
import io.axon.deploy.monitor.custom.CustomMetricCommands;
import io.axon.deploy.monitor.custom.CustomMetrics;
import io.axon.deploy.monitor.health.HealthJudge;
import io.axon.deploy.monitor.health.HealthPoller;
import io.axon.deploy.monitor.health.InstanceCommands;
import io.axon.deploy.monitor.judgement.AnalysisCommands;
import io.axon.deploy.monitor.judgement.TriggerWatch;
import io.axon.deploy.monitor.windows.ExecutionCommands;
import io.axon.deploy.monitor.windows.ExecutionMeters;
import io.axon.deploy.monitor.windows.ExecutionWindows;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.servicediscovery.ServiceDiscovery;

/**
 * The monitor service: polls the engine instances' health and publishes their changes on
 * {@link io.axon.deploy.common.monitor.MonitorCommands#EVENTS}, keeps the executions the gateways
 * report in sliding windows and in Prometheus meters, keeps custom metric samples, judges the
 * deployments under watch against their rollback triggers (asking the deployer to roll back the ones
 * that fire) and canaries for the deployer's analysis steps, and answers {@link Addresses#MONITOR},
 * where it also combines its windows with the deployer's deployments into deployment metrics and
 * version analytics.
 *
 * <p>It keeps no database: instance states are rebuilt by the first polls after a start, and the
 * windows fill again with the next window of traffic (retention {@code AXON_MONITOR_RETENTION_MS}).
 */
public final class MonitorVerticle extends VerticleBase {
  private static final long SWEEP_INTERVAL_MS = 10_000;

  private final AxonConfig.Monitor settings;
  private final long busTimeoutMs;
  private final MeterRegistry metrics;
  private CpuPool cpu;
  private ServiceDiscovery discovery;
  private HealthPoller poller;
  private TriggerWatch triggers;
  private long sweeper = -1;

  private MonitorVerticle(AxonConfig.Monitor settings, long busTimeoutMs, MeterRegistry metrics) {
    this.settings = settings;
    this.busTimeoutMs = busTimeoutMs;
    this.metrics = metrics;
  }

  /**
   * Deploys the monitor as one verticle instance, whatever {@code AXON_INSTANCES} says: the instance
   * states and the windows live on one event loop, without locks, and {@code executions.record} is
   * point-to-point (a gateway's send reaches one consumer), so several instances would each keep part
   * of the windows and answer {@code metrics.window} with part of the numbers. For the same reason a
   * cluster runs one monitor process.
   */
  public static Future<String> deploy(VertxRuntime runtime, AxonConfig config) {
    return runtime.vertx().deployVerticle(new MonitorVerticle(config.monitor(), config.busTimeoutMs(), runtime.metrics()),
        new DeploymentOptions().setInstances(1));
  }

  @Override
  public Future<?> start() {
    cpu = CpuPool.shared(vertx, "axon-monitor-cpu");
    discovery = EngineDirectory.discovery(vertx);
    poller = new HealthPoller(vertx, discovery, new HealthJudge(settings.failures()), settings.pollMs());
    ExecutionWindows windows = new ExecutionWindows(settings.retentionMs(), System::currentTimeMillis);
    CustomMetrics custom = new CustomMetrics(settings.retentionMs(), System::currentTimeMillis);
    BusClient bus = new BusClient(vertx.eventBus(), busTimeoutMs);
    triggers = new TriggerWatch(vertx, bus, windows, custom, poller, System::currentTimeMillis, metrics);
    CommandDispatcher dispatcher = new CommandDispatcher(vertx.eventBus(), cpu);
    new InstanceCommands(poller).register(dispatcher);
    new ExecutionCommands(windows, new ExecutionMeters(metrics), System::currentTimeMillis).register(dispatcher);
    new CustomMetricCommands(custom, System::currentTimeMillis).register(dispatcher);
    new AnalysisCommands(windows).register(dispatcher);
    new AnalyticsCommands(bus, windows, poller, System::currentTimeMillis).register(dispatcher);
    return vertx.eventBus().consumer(Addresses.MONITOR, dispatcher).completion().onSuccess(registered -> {
      poller.start();
      triggers.start(settings.evaluationMs());
      sweeper = vertx.setPeriodic(SWEEP_INTERVAL_MS, id -> {
        windows.sweep();
        custom.sweep();
      });
    });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweeper);
    if (triggers != null) {
      triggers.stop();
    }
    if (poller != null) {
      poller.stop();
    }
    if (discovery != null) {
      discovery.close();
    }
    return cpu == null ? Future.succeededFuture() : cpu.close();
  }
}
