package io.axon.deploy.monitor.judgement;

import io.axon.deploy.common.deployer.WatchedDeployment.Trigger;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Judges a deployment's version against one rollback trigger (DESIGN §2). Plain Java on numbers the
 * caller gathers; not thread-safe (it lives on the monitor's event loop).
 *
 * <ul>
 *   <li>{@code error_rate}, {@code response_time} (the percentile {@code metric}) and
 *       {@code custom_metric} (the mean of {@code metric}'s samples) are taken over the window of the
 *       last {@code duration}: the version's numbers over that whole window must be beyond the
 *       threshold, from at least {@code minSamples} samples (fewer: inconclusive, never a pass).
 *       During a canary, when the stable version has {@code minSamples} samples over the same window
 *       too, the canary must also be worse than it beyond chance ({@link Comparison}, p &lt;
 *       {@link Comparison#ALPHA}): a canary is not rolled back for what its stable version suffers
 *       as much, such as a downstream outage, nor for noise both share. Without such a baseline, an
 *       error rate must be above its threshold beyond chance (the binomial test), so that a few
 *       unlucky executions of a healthy version do not roll it back.
 *   <li>{@code health_check} is a gauge: the lowest health score of the instances hosting the version
 *       must stay below the threshold for {@code duration}, over at least {@code minSamples}
 *       evaluations in a row.
 * </ul>
 */
public final class TriggerJudge {
  private record Breach(long since, int evaluations) {
  }

  private final Map<String, Breach> breaches = new HashMap<>();

  /**
   * @param key names the deployment and the trigger, for the gauges' breach clocks
   * @param version the version's series over the trigger's window (health: one value per instance)
   * @param baseline during a canary, the stable version's series over the same window
   */
  public Verdict judge(String key, Trigger trigger, Series version, Optional<Series> baseline, long now) {
    return switch (trigger.type()) {
      case ERROR_RATE -> errorRate(trigger, version, baseline);
      case RESPONSE_TIME -> valueAbove(trigger, version, baseline, percentile(trigger), "latency "
          + trigger.metric().orElse("p95") + " (ms)");
      case CUSTOM_METRIC -> valueAbove(trigger, version, baseline, Series::mean, trigger.metric().orElse("metric") + " (mean)");
      case HEALTH_CHECK -> health(key, trigger, version, now);
    };
  }

  /** Forgets the breach clocks of deployments no longer watched. */
  public void retain(Set<String> deploymentIds) {
    breaches.keySet().removeIf(key -> !deploymentIds.contains(key.substring(0, key.indexOf('#'))));
  }

  public static String key(String deploymentId, int trigger) {
    return deploymentId + "#" + trigger;
  }

  private static Verdict errorRate(Trigger trigger, Series version, Optional<Series> baseline) {
    JsonObject evidence = evidence(trigger, version, baseline);
    if (version.count() < trigger.minSamples()) {
      return Verdict.inconclusive(version.count() + " executions of " + version.version() + " in the window, fewer than "
          + trigger.minSamples(), evidence);
    }
    String observed = "error rate " + Series.round(version.errorRate()) + " of " + version.version() + " ("
        + version.errors() + " of " + version.count() + " executions in the last " + trigger.durationMs() + " ms)";
    if (version.errorRate() <= trigger.threshold()) {
      return Verdict.pass(observed + " is within " + trigger.threshold(), evidence);
    }
    Optional<Series> compared = baseline.filter(b -> b.count() >= trigger.minSamples());
    if (compared.isEmpty()) {
      double aboveThreshold = Comparison.errorsAbove(version, trigger.threshold());
      evidence.put("pValue", aboveThreshold).put("test", "binomial test");
      return aboveThreshold < Comparison.ALPHA
          ? Verdict.fail(observed + " is above " + trigger.threshold() + " beyond chance (binomial test, p = "
              + format(aboveThreshold) + ")", evidence)
          : Verdict.pass(observed + " is not above " + trigger.threshold() + " beyond chance (binomial test, p = "
              + format(aboveThreshold) + ")", evidence);
    }
    double p = Comparison.errorsHigher(version, compared.get());
    evidence.put("pValue", p).put("test", "Fisher's exact test");
    String against = compared.get().version() + "'s " + Series.round(compared.get().errorRate()) + " ("
        + compared.get().errors() + " of " + compared.get().count() + ")";
    return p < Comparison.ALPHA
        ? Verdict.fail(observed + " is above " + trigger.threshold() + " and above " + against
            + " beyond chance (Fisher's exact test, p = " + format(p) + ")", evidence)
        : Verdict.pass(observed + " is above " + trigger.threshold() + " but not worse than " + against
            + " beyond chance (p = " + format(p) + ")", evidence);
  }

  private static Verdict valueAbove(Trigger trigger, Series version, Optional<Series> baseline,
      ToDoubleFunction<Series> measure, String what) {
    JsonObject evidence = evidence(trigger, version, baseline);
    if (version.values().length < trigger.minSamples()) {
      return Verdict.inconclusive(version.values().length + " samples of " + version.version() + " in the window, fewer than "
          + trigger.minSamples(), evidence);
    }
    double value = measure.applyAsDouble(version);
    evidence.put("value", Series.round(value));
    String observed = what + " " + Series.round(value) + " of " + version.version() + " (" + version.values().length
        + " samples in the last " + trigger.durationMs() + " ms)";
    if (value <= trigger.threshold()) {
      return Verdict.pass(observed + " is within " + trigger.threshold(), evidence);
    }
    Optional<Series> compared = baseline.filter(b -> b.values().length >= trigger.minSamples());
    if (compared.isEmpty()) {
      return Verdict.fail(observed + " is above " + trigger.threshold(), evidence);
    }
    double p = Comparison.valuesHigher(version, compared.get());
    evidence.put("pValue", p).put("test", "Mann-Whitney U test").put("baselineValue",
        Series.round(measure.applyAsDouble(compared.get())));
    String against = compared.get().version() + "'s " + Series.round(measure.applyAsDouble(compared.get()));
    return p < Comparison.ALPHA
        ? Verdict.fail(observed + " is above " + trigger.threshold() + " and above " + against
            + " beyond chance (Mann-Whitney U test, p = " + format(p) + ")", evidence)
        : Verdict.pass(observed + " is above " + trigger.threshold() + " but not worse than " + against
            + " beyond chance (p = " + format(p) + ")", evidence);
  }

  private Verdict health(String key, Trigger trigger, Series instances, long now) {
    JsonObject evidence = evidence(trigger, instances, Optional.empty());
    if (instances.values().length == 0) {
      breaches.remove(key);
      return Verdict.inconclusive("no instance hosts " + instances.version(), evidence);
    }
    double lowest = instances.min();
    evidence.put("value", lowest);
    if (lowest >= trigger.threshold()) {
      breaches.remove(key);
      return Verdict.pass("the lowest health score of the instances hosting " + instances.version() + " is " + lowest,
          evidence);
    }
    Breach breach = breaches.merge(key, new Breach(now, 1), (was, next) -> new Breach(was.since(), was.evaluations() + 1));
    long held = now - breach.since();
    evidence.put("belowForMs", held).put("evaluations", breach.evaluations());
    String observed = "the lowest health score of the instances hosting " + instances.version() + " is " + lowest
        + ", below " + trigger.threshold() + " for " + held + " ms (" + breach.evaluations() + " evaluations)";
    return held >= trigger.durationMs() && breach.evaluations() >= trigger.minSamples()
        ? Verdict.fail(observed, evidence)
        : Verdict.inconclusive(observed + ", not yet for " + trigger.durationMs() + " ms and " + trigger.minSamples()
            + " evaluations", evidence);
  }

  private static ToDoubleFunction<Series> percentile(Trigger trigger) {
    double percentile = switch (trigger.metric().orElse("p95")) {
      case "p50" -> 50;
      case "p99" -> 99;
      case "p999" -> 99.9;
      default -> 95;
    };
    return series -> series.percentile(percentile);
  }

  private static JsonObject evidence(Trigger trigger, Series version, Optional<Series> baseline) {
    JsonObject evidence = trigger.toJson().put("observed", version.toJson());
    baseline.ifPresent(b -> evidence.put("baseline", b.toJson()));
    return evidence;
  }

  static String format(double p) {
    return p < 0.0001 ? String.format(Locale.ROOT, "%.1e", p) : String.valueOf(Series.round(p));
  }
}
