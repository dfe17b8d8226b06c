package io.axon.deploy.monitor.analytics;

import io.axon.deploy.monitor.windows.VersionWindow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A version's analytics (the seed's VersionAnalytics, issue 10 part 4) from the deployments of its
 * workflow and the monitor's windows: plain Java, no Vert.x, numbers in, report out. Its scope is one
 * environment, or every environment when none is given: deployments and executions outside it are
 * not looked at.
 *
 * <p>The numbers, exactly:
 * <ul>
 *   <li>{@code deploymentCount}: the version's deployments, whatever their status (still running
 *       ones included);
 *   <li>a deployment is <em>finished</em> when it ended {@code succeeded}, {@code failed},
 *       {@code rolled_back} or {@code aborted}; those waiting, running, paused, rolling back or
 *       {@code superseded} (ended by a newer deployment before it could succeed or fail) are left out of
 *       both rates below;
 *   <li>{@code successRate} = succeeded / finished; empty with no finished deployment;
 *   <li>{@code rollbackRate} = rollbacks / finished, a rollback being a deployment that ended
 *       {@code rolled_back}, or {@code failed} after rolling its traffic back (an abort is the
 *       user's choice, not counted); empty with no finished deployment;
 *   <li>{@code averageDeploymentTime}: the mean of {@code finishedAt - startedAt} in milliseconds over
 *       its succeeded deployments; empty with none;
 *   <li>{@code adoptionRate} = the version's executions / all executions of the workflow in the
 *       window; empty when the workflow had none;
 *   <li>{@code comparedWith}: the version it replaced, the {@code previousVersion} of its newest
 *       deployment that names one;
 *   <li>{@code performanceImpact} = (p95 - p95 of comparedWith) / p95 of comparedWith, the relative
 *       change of the 95th latency percentile; {@code errorImpact} = error rate - error rate of
 *       comparedWith (errors / executions, an absolute difference); both empty when there is no
 *       comparedWith or either version had no executions in the window.
 * </ul>
 * Recommendations, in this order: {@code roll-back} when its error rate is {@link #ROLL_BACK_MARGIN}
 * or more above comparedWith's; {@code investigate} the node with most errors when its error rate is
 * {@link #INVESTIGATE_RATE} or more; {@code promote} to the environment whose promotion source is
 * where it last succeeded ({@code keep} where there is none), when it succeeded, had no rollback and
 * its error impact is 0 or less; {@code deprecate} when a later version replaced it (a succeeded
 * deployment names it as previousVersion) and it took no executions in the window.
 */
public final class VersionAnalytics {
  /** An error rate this far above the replaced version's (absolute) asks for a rollback. */
  public static final double ROLL_BACK_MARGIN = 0.05;
  /** An error rate from which the node with most errors is worth a look. */
  public static final double INVESTIGATE_RATE = 0.01;

  /** What one report is about and what it may use. */
  public record Scope(String workflow, String version, Optional<String> environment, long windowMs,
      Map<String, String> nextEnvironment) {
  }

  /** The analytics of one version; empty numbers are null on the wire. */
  public record Report(String workflow, String version, int deploymentCount, Optional<Double> successRate,
      Optional<Double> averageDeploymentTime, Optional<Double> rollbackRate, Optional<Double> adoptionRate,
      Optional<Double> performanceImpact, Optional<Double> errorImpact, Optional<String> comparedWith, long windowMs,
      List<Recommendation> recommendations) {

    public String versionId() {
      return workflow + "@" + version;
    }
  }

  private VersionAnalytics() {
  }

  /**
   * @param deployments the workflow's deployments in the scope, every version, newest first
   * @param windows each version's numbers in the scope over {@code scope.windowMs()}
   */
  public static Report analyse(Scope scope, List<DeploymentFacts> deployments, List<VersionWindow> windows) {
    List<DeploymentFacts> own = deployments.stream().filter(d -> d.version().equals(scope.version())).toList();
    long finished = own.stream().filter(DeploymentFacts::finished).count();
    long succeeded = own.stream().filter(DeploymentFacts::succeeded).count();
    long rollbacks = own.stream().filter(d -> d.finished() && d.rollback()).count();
    Optional<Double> averageTime = average(own.stream().filter(DeploymentFacts::succeeded)
        .map(DeploymentFacts::durationMs).flatMap(Optional::stream).toList());
    Optional<String> comparedWith = own.stream().map(DeploymentFacts::previousVersion).flatMap(Optional::stream)
        .filter(previous -> !previous.equals(scope.version())).findFirst();
    VersionWindow mine = window(windows, scope.version());
    Optional<VersionWindow> old = comparedWith.map(previous -> window(windows, previous));
    long total = windows.stream().mapToLong(VersionWindow::count).sum();
    boolean comparable = old.isPresent() && mine.count() > 0 && old.get().count() > 0;
    Optional<Double> performance = comparable && old.get().p95Ms() > 0
        ? Optional.of((mine.p95Ms() - old.get().p95Ms()) / old.get().p95Ms()) : Optional.empty();
    Optional<Double> errorImpact = comparable ? Optional.of(mine.errorRate() - old.get().errorRate()) : Optional.empty();

    List<Recommendation> advice = new ArrayList<>();
    errorImpact.filter(impact -> impact >= ROLL_BACK_MARGIN).ifPresent(impact -> advice.add(new Recommendation(
        Recommendation.ROLL_BACK, "roll back: error rate " + percent(mine.errorRate()) + " against "
            + percent(old.get().errorRate()) + " for " + comparedWith.get())));
    topNode(mine).filter(top -> mine.errorRate() >= INVESTIGATE_RATE).ifPresent(top -> advice.add(new Recommendation(
        Recommendation.INVESTIGATE, "investigate node `" + top.getKey() + "`: " + percent((double) top.getValue() / mine.errors())
            + " of its errors (" + top.getValue() + " of " + mine.errors() + ")")));
    if (succeeded > 0 && rollbacks == 0 && errorImpact.filter(impact -> impact <= 0).isPresent()) {
      advice.add(promotion(scope, own, mine, old.get(), comparedWith.get()));
    }
    replacedBy(deployments, scope.version()).filter(newer -> mine.count() == 0).ifPresent(newer -> advice.add(
        new Recommendation(Recommendation.DEPRECATE, "deprecate: replaced by " + newer + " and takes no traffic")));

    return new Report(scope.workflow(), scope.version(), own.size(), ratio(succeeded, finished),
        averageTime, ratio(rollbacks, finished), total == 0 ? Optional.empty() : Optional.of((double) mine.count() / total),
        performance, errorImpact, comparedWith, scope.windowMs(), advice);
  }

  private static Recommendation promotion(Scope scope, List<DeploymentFacts> own, VersionWindow mine, VersionWindow old,
      String previous) {
    String where = scope.environment().orElseGet(() -> own.stream().filter(DeploymentFacts::succeeded)
        .findFirst().orElseThrow().environment());
    String numbers = "succeeded in " + where + " with no rollbacks, error rate " + percent(mine.errorRate())
        + " against " + percent(old.errorRate()) + " for " + previous;
    String next = scope.nextEnvironment().get(where);
    return next == null ? new Recommendation(Recommendation.KEEP, "keep: " + numbers)
        : new Recommendation(Recommendation.PROMOTE, "safe to promote to " + next + ": " + numbers);
  }

  /** The version of the newest succeeded deployment that replaced {@code version}. */
  private static Optional<String> replacedBy(List<DeploymentFacts> deployments, String version) {
    return deployments.stream()
        .filter(d -> d.succeeded() && d.previousVersion().equals(Optional.of(version)) && !d.version().equals(version))
        .map(DeploymentFacts::version).findFirst();
  }

  private static Optional<Map.Entry<String, Long>> topNode(VersionWindow window) {
    return window.errorsByNode().entrySet().stream()
        .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())));
  }

  private static VersionWindow window(List<VersionWindow> windows, String version) {
    return windows.stream().filter(w -> w.version().equals(version)).findFirst().orElse(VersionWindow.empty(version));
  }

  private static Optional<Double> ratio(long part, long whole) {
    return whole == 0 ? Optional.empty() : Optional.of((double) part / whole);
  }

  private static Optional<Double> average(List<Long> values) {
    return values.isEmpty() ? Optional.empty()
        : Optional.of(values.stream().mapToLong(Long::longValue).average().orElseThrow());
  }

  /** A rate in percent with at most one decimal: 0.05 → "5%", 0.125 → "12.5%". */
  static String percent(double rate) {
    double rounded = Math.round(rate * 1000) / 10.0;
    return (rounded == Math.rint(rounded) ? Long.toString((long) rounded) : Double.toString(rounded)) + "%";
  }
}
