package io.axon.deploy.monitor.judgement;

import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.apache.commons.math3.stat.inference.AlternativeHypothesis;
import org.apache.commons.math3.stat.inference.BinomialTest;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;

/**
 * Whether a canary is worse than its stable version beyond chance, with Apache Commons Math's tests
 * (as Kayenta judges a canary against its baseline). Each answers a one-sided p-value: the chance of
 * a canary at least this much worse if both versions were in truth alike.
 *
 * <ul>
 *   <li>An error rate against a fixed threshold: the one-sided exact binomial test.
 *   <li>Error rates: Fisher's exact test of two proportions (the hypergeometric tail). Exact where
 *       the normal approximation of a z-test is poor, which is where a canary starts: a few dozen
 *       executions at 10% of the traffic.
 *   <li>Values (latencies, custom metrics): the Mann-Whitney U test, which assumes no distribution:
 *       latencies are skewed and long-tailed.
 * </ul>
 */
public final class Comparison {
  /**
   * The significance a difference needs. Strict, because triggers look again every second at
   * overlapping windows: at 0.05 a healthy canary would be "significantly worse" by chance within
   * minutes, and at 0.001 one was, once in a test run (8 failures in 83 executions against 5 in 334,
   * both in truth failing 2%). A bad canary clears it within a second or two of traffic (6 errors in
   * 20 executions against 2 in 200 is p ≈ 1e-5).
   */
  public static final double ALPHA = 0.0001;

  private Comparison() {
  }

  /**
   * P(at least this many errors) if the version failed at exactly {@code rate}: the one-sided binomial
   * test of "its error rate is above the threshold". A handful of executions of a healthy version
   * (4 failures in 72 at a 2% noise) does not pass for one above 5%; thousands at 5.5% do.
   */
  public static double errorsAbove(Series version, double rate) {
    if (version.count() == 0 || version.errorRate() <= rate) {
      return 1;
    }
    if (rate <= 0) {
      return 0;
    }
    return new BinomialTest().binomialTest((int) Math.min(Integer.MAX_VALUE, version.count()),
        (int) Math.min(Integer.MAX_VALUE, version.errors()), Math.min(rate, 1), AlternativeHypothesis.GREATER_THAN);
  }

  /** P(a canary with at least {@code canaryErrors} errors) under "both versions fail alike". */
  public static double errorsHigher(Series canary, Series baseline) {
    if (canary.count() == 0 || baseline.count() == 0 || canary.errorRate() <= baseline.errorRate()) {
      return 1;
    }
    int population = (int) Math.min(Integer.MAX_VALUE, canary.count() + baseline.count());
    int errors = (int) Math.min(population, canary.errors() + baseline.errors());
    int drawn = (int) Math.min(population, canary.count());
    return new HypergeometricDistribution(null, population, errors, drawn)
        .upperCumulativeProbability((int) canary.errors());
  }

  /** P(canary values ranked at least this much higher) under "both come from one distribution". */
  public static double valuesHigher(Series canary, Series baseline) {
    if (canary.values().length == 0 || baseline.values().length == 0
        || canary.percentile(50) <= baseline.percentile(50)) {
      return 1;
    }
    return new MannWhitneyUTest().mannWhitneyUTest(canary.values(), baseline.values()) / 2;
  }
}
