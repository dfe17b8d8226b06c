package io.axon.deploy.deployer.environment;

import io.axon.deploy.common.deployer.TriggerType;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A condition under which the monitor rolls a deployment back (DESIGN §2): the {@code metric} beyond
 * {@code threshold} for {@code duration}, judged once at least {@code minSamples} samples are in.
 * {@code metric} names the percentile of a {@code response_time} trigger and the metric of a
 * {@code custom_metric} one; the other types have none.
 */
public record Trigger(TriggerType type, double threshold, Duration duration, int minSamples, Optional<String> metric) {
  static final long MAX_MS = 30L * 24 * 3600 * 1000;
  private static final Pattern METRIC_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:-]{0,127}");
  private static final Set<String> PERCENTILES = Set.of("p50", "p95", "p99", "p999");

  public JsonObject toJson() {
    // a whole threshold stays whole on the wire (2000, not 2000.0)
    Number wire = threshold == Math.rint(threshold) && Math.abs(threshold) < 1e15 ? (Number) (long) threshold : (Number) threshold;
    JsonObject json = new JsonObject().put("type", type.wire()).put("threshold", wire)
        .put("duration", duration.toMillis()).put("minSamples", minSamples);
    metric.ifPresent(name -> json.put("metric", name));
    return json;
  }

  /** The trigger at {@code at}, every problem with it recorded; {@code null} when it has any. */
  static Trigger read(Object item, String at, Findings findings) {
    if (!(item instanceof JsonObject json)) {
      findings.malformed(at, "a trigger is {\"type\": \"error_rate\", \"threshold\": 0.05, \"duration\": 60000, \"minSamples\": 100}");
      return null;
    }
    int before = findings.size();
    findings.onlyFields(json, at, Set.of("type", "threshold", "duration", "minSamples", "metric"));
    String name = findings.text(json, "type", at, true);
    Optional<TriggerType> type = name == null ? Optional.empty() : TriggerType.fromWire(name);
    if (name != null && type.isEmpty()) {
      findings.broken(at + "/type", "unknown trigger type '" + DeploymentWindow.shorten(name)
          + "'; one of error_rate, response_time, health_check, custom_metric");
    }
    double threshold = type.map(t -> threshold(t, json, at, findings))
        .orElseGet(() -> findings.number(json, "threshold", at, true, 0, Double.MAX_VALUE, "0 or more"));
    long duration = findings.whole(json, "duration", at, true, 1, 1, MAX_MS, " milliseconds");
    long minSamples = findings.whole(json, "minSamples", at, true, 1, 1, 1_000_000_000, " samples");
    Optional<String> metric = Optional.ofNullable(findings.text(json, "metric", at, false));
    if (json.getValue("metric") == null || json.getValue("metric") instanceof String) {
      type.ifPresent(t -> checkMetric(t, metric, at + "/metric", findings));
    }
    return findings.size() > before ? null
        : new Trigger(type.get(), threshold, Duration.ofMillis(duration), (int) minSamples, metric);
  }

  private static double threshold(TriggerType type, JsonObject json, String at, Findings findings) {
    return switch (type) {
      case ERROR_RATE -> findings.number(json, "threshold", at, true, 0, 1, "a share of failed executions from 0 to 1");
      case HEALTH_CHECK -> findings.number(json, "threshold", at, true, 0, 100, "a health score from 0 to 100");
      case RESPONSE_TIME -> findings.number(json, "threshold", at, true, 0, MAX_MS, "0 or more milliseconds, at most " + MAX_MS);
      case CUSTOM_METRIC -> findings.number(json, "threshold", at, true, 0, Double.MAX_VALUE, "0 or more");
    };
  }

  private static void checkMetric(TriggerType type, Optional<String> metric, String at, Findings findings) {
    switch (type) {
      case RESPONSE_TIME -> {
        if (metric.isEmpty() || !PERCENTILES.contains(metric.get())) {
          findings.broken(at, "a response_time trigger names its percentile: p50, p95, p99 or p999");
        }
      }
      case CUSTOM_METRIC -> {
        if (metric.isEmpty() || !METRIC_NAME.matcher(metric.get()).matches()) {
          findings.broken(at, "a custom_metric trigger names its metric: letters, digits, _ . : -, up to 128 characters");
        }
      }
      default -> metric.ifPresent(m -> findings.broken(at, "a " + type.wire() + " trigger takes no metric"));
    }
  }
}
