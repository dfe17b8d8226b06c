package io.axon.deploy.monitor.judgement;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An analysis step's judgement of a canary (Argo's AnalysisRun, Kayenta's canary judge): its
 * executions since the step began, against its baseline's (the stable version's) over the same
 * window. Plain Java.
 *
 * <ul>
 *   <li>inconclusive while the canary, or its baseline, has fewer than {@code minSamples} executions
 *       (a baseline with none at all, at 0% of the traffic, is left out and the canary judged alone):
 *       the step waits, and the deployment's progress deadline ends a canary that never gets them;
 *   <li>fail when its error rate is above {@code maxErrorRate}, or above the baseline's beyond chance
 *       (Fisher's exact test), or its latencies are above the baseline's beyond chance (Mann-Whitney U)
 *       by more than {@link #LATENCY_TOLERANCE} at the median;
 *   <li>inconclusive when its success rate is below {@code minSuccessRate} without failing (the
 *       seed's band between {@code successThreshold} and {@code rollbackThreshold}): it keeps watching;
 *   <li>pass otherwise.
 * </ul>
 */
public final class CanaryJudge {
  /** A slower median within this share of the baseline's is not held against a canary, significant or not. */
  static final double LATENCY_TOLERANCE = 0.2;

  public record Criteria(int minSamples, double maxErrorRate, Optional<Double> minSuccessRate) {
  }

  private CanaryJudge() {
  }

  public static Verdict judge(Series canary, Optional<Series> stable, Criteria criteria) {
    // a stable version that takes no traffic at all (the canary at 100%) leaves the canary judged alone
    Optional<Series> baseline = stable.filter(b -> b.count() > 0);
    JsonObject evidence = new JsonObject().put("canary", canary.toJson()).put("minSamples", criteria.minSamples())
        .put("maxErrorRate", criteria.maxErrorRate());
    baseline.ifPresent(b -> evidence.put("baseline", b.toJson()));
    criteria.minSuccessRate().ifPresent(rate -> evidence.put("minSuccessRate", rate));
    if (canary.count() < criteria.minSamples() || baseline.filter(b -> b.count() < criteria.minSamples()).isPresent()) {
      return Verdict.inconclusive("too few executions to judge: " + canary.count() + " of " + canary.version()
          + baseline.map(b -> " and " + b.count() + " of " + b.version()).orElse("") + ", " + criteria.minSamples()
          + " needed of each", evidence);
    }
    List<String> failures = new ArrayList<>();
    if (canary.errorRate() > criteria.maxErrorRate()) {
      failures.add("error rate " + Series.round(canary.errorRate()) + " is above " + criteria.maxErrorRate());
    }
    baseline.ifPresent(b -> {
      double errors = Comparison.errorsHigher(canary, b);
      double latency = Comparison.valuesHigher(canary, b);
      evidence.put("errorRate", new JsonObject().put("pValue", errors).put("test", "Fisher's exact test"))
          .put("latency", new JsonObject().put("pValue", latency).put("test", "Mann-Whitney U test"));
      if (errors < Comparison.ALPHA) {
        failures.add("error rate " + Series.round(canary.errorRate()) + " is above " + b.version() + "'s "
            + Series.round(b.errorRate()) + " beyond chance (p = " + TriggerJudge.format(errors) + ")");
      }
      if (latency < Comparison.ALPHA && canary.percentile(50) > b.percentile(50) * (1 + LATENCY_TOLERANCE)) {
        failures.add("median latency " + Series.round(canary.percentile(50)) + " ms is above " + b.version() + "'s "
            + Series.round(b.percentile(50)) + " ms beyond chance (p = " + TriggerJudge.format(latency) + ")");
      }
    });
    evidence.put("reasons", new JsonArray(List.copyOf(failures)));
    if (!failures.isEmpty()) {
      return Verdict.fail(canary.version() + " fails its analysis: " + String.join("; ", failures), evidence);
    }
    double success = 1 - canary.errorRate();
    if (criteria.minSuccessRate().filter(min -> success < min).isPresent()) {
      return Verdict.inconclusive("success rate " + Series.round(success) + " is below " + criteria.minSuccessRate().get()
          + " without failing: still watching", evidence);
    }
    return Verdict.pass(canary.version() + " passes its analysis over " + canary.count() + " executions"
        + baseline.map(b -> " against " + b.count() + " of " + b.version()).orElse(""), evidence);
  }
}
