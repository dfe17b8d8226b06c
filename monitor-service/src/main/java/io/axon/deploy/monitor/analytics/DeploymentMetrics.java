package io.axon.deploy.monitor.analytics;

import io.axon.deploy.monitor.windows.VersionWindow;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The numbers of a deployment's metrics (the seed's DeploymentMetrics, issue 10 part 3), plain Java:
 * the health of the instances that host its version, and each version's performance and errors
 * over the window since the deployment started.
 *
 * <p>Health: each hosting instance scores {@code health.score} overall and 100 / 50 / 0 for a
 * check that passes / warns / fails (a check it does not report scores 0); an instance that is not
 * healthy (unhealthy, unreachable, draining) scores 0 in all four. The deployment's health is the
 * mean over its hosting instances (0 with none), {@code lastCheck} the newest of their checks.
 */
public final class DeploymentMetrics {
  /** How many nodes {@code topErrors} lists, most errors first. */
  public static final int TOP_ERRORS = 5;

  /** One hosting instance's last report, scored. */
  public record InstanceHealth(boolean healthy, double score, double engine, double database, double externalServices,
      Optional<Instant> lastCheck) {
  }

  /** The hosting instances' mean scores, from 0 to 100. */
  public record Health(double overall, double engine, double database, double externalServices,
      Optional<Instant> lastCheck, int instances) {
  }

  /** Executions per second over the window, latency percentiles in milliseconds, executions. */
  public record Performance(double throughput, double p50Ms, double p95Ms, double p99Ms, long executions) {
  }

  public record NodeErrors(String node, long count) {
  }

  /** Errors (failed executions and executions without an answer), their rate, the nodes with most. */
  public record Errors(long count, double rate, List<NodeErrors> topErrors) {
  }

  private DeploymentMetrics() {
  }

  /** A check's status as a score: pass 100, warn 50, anything else (fail, missing) 0. */
  public static double checkScore(String status) {
    return "pass".equals(status) ? 100 : "warn".equals(status) ? 50 : 0;
  }

  public static Health health(List<InstanceHealth> instances) {
    Optional<Instant> last = instances.stream().map(InstanceHealth::lastCheck).flatMap(Optional::stream)
        .max(Comparator.naturalOrder());
    return new Health(mean(instances, InstanceHealth::score), mean(instances, InstanceHealth::engine),
        mean(instances, InstanceHealth::database), mean(instances, InstanceHealth::externalServices), last,
        instances.size());
  }

  private static double mean(List<InstanceHealth> instances, java.util.function.ToDoubleFunction<InstanceHealth> score) {
    return instances.stream().mapToDouble(i -> i.healthy() ? score.applyAsDouble(i) : 0).average().orElse(0);
  }

  /**
   * The window a deployment's numbers cover: from its start to {@code now}, at least {@code minMs}
   * (also for one not started yet) and at most the monitor's retention.
   */
  public static long windowMs(Optional<Instant> startedAt, long now, long minMs, long retentionMs) {
    long since = startedAt.map(start -> now - start.toEpochMilli()).orElse(minMs);
    return Math.max(minMs, Math.min(retentionMs, since));
  }

  public static Performance performance(VersionWindow window, long windowMs) {
    return new Performance(window.count() / (windowMs / 1000.0), window.p50Ms(), window.p95Ms(), window.p99Ms(),
        window.count());
  }

  public static Errors errors(VersionWindow window) {
    List<NodeErrors> top = window.errorsByNode().entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(TOP_ERRORS).map(e -> new NodeErrors(e.getKey(), e.getValue())).toList();
    return new Errors(window.errors(), window.errorRate(), top);
  }
}
