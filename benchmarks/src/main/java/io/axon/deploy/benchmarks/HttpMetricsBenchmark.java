package io.axon.deploy.benchmarks;

import io.axon.deploy.common.cluster.VertxRuntime;
import io.axon.deploy.gateway.http.HttpMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the latency histogram adds to each request on the gateway's hot path: one lookup of the
 * timer for (operation, method, status) and one record into its 14 buckets, on one event loop.
 * {@code scrape} is what a Prometheus scrape of those series costs, off the hot path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HttpMetricsBenchmark {
  private static final String[] OPERATIONS = {"listWorkflows", "getVersion", "createVersion", "listVersions"};
  private static final int[] STATUSES = {200, 200, 201, 404};

  private PrometheusMeterRegistry registry;
  private HttpMetrics metrics;
  private int next;

  @Setup
  public void setUp() {
    registry = VertxRuntime.registry();
    metrics = new HttpMetrics(registry);
  }

  @Benchmark
  public void record() {
    int i = next++ & 3;
    metrics.record(OPERATIONS[i], "GET", STATUSES[i], 1_000_000L + (next & 0xFFFF) * 100L);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public String scrape() {
    return registry.scrape();
  }
}
