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
   * request instead gets {@code {accepted: n, inWindows: n, unreadable: n}} (records read, those of
   * them counted in the windows, records skipped as unreadable).
   */
  public static final String RECORD_EXECUTIONS = "executions.record";
  /**
   * {@code {environment, workflow, version?, windowMs?}} → {@code {environment, workflow, windowMs,
   * versions: [WindowStats]}}: the sliding-window numbers of each version of a workflow.
   */
  public static final String METRICS_WINDOW = "metrics.window";
  /**
   * {@code {samples: [{metric, value, environment, workflow, version, at?}]}} → {@code {accepted}}:
   * custom metric samples ({@code POST /api/v1/metrics}), judged by {@code custom_metric} triggers.
   */
  public static final String RECORD_METRICS = "metrics.record";
  /**
   * {@code {environment, workflow, version, baseline?, since, minSamples, maxErrorRate, minSuccessRate?}}
   * → {@code {verdict: pass|fail|inconclusive, reasons, canary, baseline?, errorRate: {pValue},
   * latency: {pValue}}}: a canary's executions since {@code since} (epoch ms) judged against its
   * baseline's over the same window.
   */
  public static final String ANALYSE_CANARY = "canary.analyse";
  /**
   * {@code {id}} → the deployment's metrics (the seed's DeploymentMetrics): {@code {deploymentId,
   * workflow, version, environment, status, windowMs, health: {overall, engine, database,
   * externalServices, lastCheck, instances}, performance: {throughput, latency: {p50, p95, p99},
   * executions}, errors: {count, rate, topErrors: [{node, count}]}, rollbacks: {count, last},
   * versions: [{version, role: new|previous, performance, errors}]}}. The monitor asks the deployer
   * for the deployment ({@code deployment.get}); numbers cover {@code windowMs}, from the deployment's
   * start to now (at least a second, at most the retention); throughput is executions per second,
   * latencies in milliseconds. Health is the mean over the engine instances that host the version
   * (score, and each check pass 100, warn 50, fail 0; an instance not healthy 0), lastCheck the
   * newest. {@code rollbacks.count} is 1 when this deployment rolled back ({@code last} its rollback,
   * with the trigger that fired), else 0. 404 for an unknown deployment, 400 without an id.
   */
  public static final String DEPLOYMENT_METRICS = "deployment.metrics";
  /**
   * {@code {workflow, version, environment?}} → the version's analytics: {@code {versionId
   * ("workflow@version"), workflow, version, deploymentCount, successRate, averageDeploymentTime,
   * rollbackRate, adoptionRate, performanceImpact, errorImpact, comparedWith, windowMs,
   * recommendations: [{kind, message}]}}, in one environment or all. The monitor asks the registry
   * that the version exists ({@code version.get}: 404 otherwise), the deployer for the workflow's
   * deployments ({@code deployment.history}) and its environments (404 for an unknown
   * {@code environment}), and reads its windows over the whole retention ({@code windowMs}). Each
   * number is defined in the monitor's {@code VersionAnalytics}; one that cannot be computed is null.
   */
  public static final String VERSION_ANALYTICS = "version.analytics";
  /**
   * Where the monitor publishes, as CloudEvents with the subject
   * {@code environments/{environment}/instances/{instanceId}}: {@link #INSTANCE_STATUS_CHANGED} and
   * {@link #INSTANCE_VERSIONS_CHANGED}.
   */
  public static final String EVENTS = "axon.events.monitor";
  /**
   * An instance's status changed, its first verdict included: data is the {@link InstanceView} with
   * {@code previousStatus} (null the first time).
   */
  public static final String INSTANCE_STATUS_CHANGED = "axon.instance.status-changed";
  /**
   * The set of versions an instance hosts changed (it restarted empty, or something loaded or
   * unloaded one): data is the {@link InstanceView} with {@code previousVersions}. Not sent for an
   * instance's first poll, whose status change carries its versions.
   */
  public static final String INSTANCE_VERSIONS_CHANGED = "axon.instance.versions-changed";

  private MonitorCommands() {
  }
}
