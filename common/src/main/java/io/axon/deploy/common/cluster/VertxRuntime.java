package io.axon.deploy.common.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.axon.deploy.common.config.AxonConfig;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.axon.deploy.common.config.ConfigException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.stream.Stream;

/**
 * A Vert.x instance with Prometheus metrics, either alone (standalone, tests) or clustered through
 * Hazelcast. The cluster configuration is explicit and loopback-bound by default: TCP-IP join on the
 * configured members, no multicast, no cloud auto-detection, no phone-home.
 */
public record VertxRuntime(Vertx vertx, PrometheusMeterRegistry metrics) {

  /**
   * Histogram buckets of request latencies, for an API whose p99 is a few milliseconds and whose
   * slowest answers (a page of 1,000 versions) take a few hundred.
   */
  static final Duration[] LATENCY_BUCKETS = java.util.stream.DoubleStream.of(0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000)
      .mapToObj(ms -> Duration.ofNanos((long) (ms * 1_000_000))).toArray(Duration[]::new);

  public static Future<VertxRuntime> local() {
    PrometheusMeterRegistry registry = registry();
    Vertx vertx = Vertx.builder().with(options()).withMetrics(new MicrometerMetricsFactory(registry)).build();
    return Future.succeededFuture(new VertxRuntime(vertx, registry));
  }

  /**
   * A Vert.x joined to the cluster; {@code cluster.host()} may be a name (a compose service's), which
   * is resolved to this machine's address for it once, here, before any event loop runs.
   */
  public static Future<VertxRuntime> clustered(AxonConfig.Cluster configured) {
    AxonConfig.Cluster cluster;
    try {
      cluster = new AxonConfig.Cluster(configured.name(), InetAddress.getByName(configured.host()).getHostAddress(),
          configured.port(), configured.members());
    } catch (UnknownHostException e) {
      return Future.failedFuture(new ConfigException("AXON_CLUSTER_HOST " + configured.host()
          + " is not a known host name: set AXON_CLUSTER_HOST to an address of this machine"));
    }
    PrometheusMeterRegistry registry = registry();
    VertxOptions options = options()
        .setEventBusOptions(new EventBusOptions().setHost(cluster.host()).setPort(0));
    return Vertx.builder()
        .with(options)
        .withMetrics(new MicrometerMetricsFactory(registry))
        .withClusterManager(new HazelcastClusterManager(hazelcast(cluster)))
        .buildClustered()
        .map(vertx -> new VertxRuntime(vertx, registry));
  }

  /**
   * Our own timers ({@code axon.*}) are histograms with {@link #LATENCY_BUCKETS}, unless a timer
   * names its own buckets ({@code serviceLevelObjectives}): the monitor's execution durations reach
   * 30 s.
   */
  public static PrometheusMeterRegistry registry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        return id.getType() == Meter.Type.TIMER && id.getName().startsWith("axon.")
            && config.getServiceLevelObjectiveBoundaries() == null
            ? DistributionStatisticConfig.builder().serviceLevelObjectives(Stream.of(LATENCY_BUCKETS)
                .mapToDouble(Duration::toNanos).toArray()).build().merge(config)
            : config;
      }
    });
    return registry;
  }

  /**
   * Vert.x's own HTTP server and client meters are off: they cost a proxy a fifth of its throughput
   * (NOTES), and the gateway records its latency histogram per operation itself.
   */
  private static VertxOptions options() {
    return new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
        .addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT)
        .setLabels(EnumSet.of(Label.EB_ADDRESS, Label.EB_FAILURE, Label.EB_SIDE, Label.POOL_TYPE, Label.POOL_NAME)));
  }

  static Config hazelcast(AxonConfig.Cluster cluster) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(cluster.name());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.shutdownhook.enabled", "false"); // our own hook closes Vert.x, which leaves the cluster
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.local.localAddress", cluster.host());
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.max.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.logging.type", "slf4j");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(true);
    network.getInterfaces().setEnabled(true).setInterfaces(java.util.List.of(cluster.host()));
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getAwsConfig().setEnabled(false);
    join.getGcpConfig().setEnabled(false);
    join.getAzureConfig().setEnabled(false);
    join.getKubernetesConfig().setEnabled(false);
    join.getEurekaConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    return config;
  }
}
