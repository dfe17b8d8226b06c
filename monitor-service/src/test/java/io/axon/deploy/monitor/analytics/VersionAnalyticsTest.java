package io.axon.deploy.monitor.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.monitor.analytics.VersionAnalytics.Report;
import io.axon.deploy.monitor.analytics.VersionAnalytics.Scope;
import io.axon.deploy.monitor.windows.VersionWindow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.assertj.core.data.Offset;

/** Version analytics against numbers worked out by hand. */
class VersionAnalyticsTest {
  private static final Instant T0 = Instant.parse("2026-01-06T10:00:00Z");
  private static final Map<String, String> NEXT = Map.of("development", "staging", "staging", "production");
  private static final Offset<Double> EXACT = Offset.offset(1e-12);

  private static DeploymentFacts deployment(String version, String environment, String status, int startS, int tookS,
      String previous, boolean rolledBack) {
    Instant start = T0.plusSeconds(startS);
    boolean ended = !status.equals("in_progress");
    return new DeploymentFacts(version + "-" + startS, version, environment, status, start, Optional.of(start),
        ended ? Optional.of(start.plusSeconds(tookS)) : Optional.empty(), Optional.ofNullable(previous), rolledBack);
  }

  private static Scope scope(String version, Optional<String> environment) {
    return new Scope("payments", version, environment, 300_000, NEXT);
  }

  /** Newest first, as the deployer answers. */
  private static final List<DeploymentFacts> HISTORY = List.of(
      deployment("1.1.0", "staging", "succeeded", 500, 4, "1.0.0", false),
      deployment("1.1.0", "development", "in_progress", 400, 0, "1.0.0", false),
      deployment("1.1.0", "development", "superseded", 350, 0, "1.0.0", false),
      deployment("1.1.0", "development", "succeeded", 300, 2, "1.0.0", false),
      deployment("1.1.0", "development", "failed", 200, 9, "1.0.0", true),
      deployment("1.1.0", "development", "aborted", 150, 1, "1.0.0", true),
      deployment("1.0.0", "development", "succeeded", 100, 3, null, false));

  private static final List<VersionWindow> WINDOWS = List.of(
      new VersionWindow("1.0.0", 40, 4, 10, 20, 30, Map.of("charge", 4L)),
      new VersionWindow("1.1.0", 60, 3, 12, 25, 40, Map.of("charge", 2L, "notify", 1L)));

  @Test
  void ratesCountFinishedDeploymentsAndRollbacksAsDefined() {
    Report report = VersionAnalytics.analyse(scope("1.1.0", Optional.empty()), HISTORY, WINDOWS);
    assertThat(report.versionId()).isEqualTo("payments@1.1.0");
    assertThat(report.deploymentCount()).isEqualTo(6);
    // finished: staging succeeded, development succeeded, failed, aborted = 4; superseded and in_progress left out
    assertThat(report.successRate()).contains(0.5);
    // the failed one rolled back; the aborted one is the user's choice
    assertThat(report.rollbackRate()).contains(0.25);
    assertThat(report.averageDeploymentTime()).contains(3_000.0);
    assertThat(report.adoptionRate()).contains(0.6);
    assertThat(report.comparedWith()).contains("1.0.0");
    assertThat(report.performanceImpact().orElseThrow()).isCloseTo(0.25, EXACT);
    assertThat(report.errorImpact().orElseThrow()).isCloseTo(-0.05, EXACT);
    assertThat(report.windowMs()).isEqualTo(300_000);
    assertThat(report.recommendations()).containsExactly(
        new Recommendation("investigate", "investigate node `charge`: 66.7% of its errors (2 of 3)"));
  }

  @Test
  void aCleanVersionIsSafeToPromoteToTheNextEnvironment() {
    List<DeploymentFacts> clean = List.of(deployment("1.1.0", "development", "succeeded", 300, 2, "1.0.0", false),
        deployment("1.0.0", "development", "succeeded", 100, 3, null, false));
    List<VersionWindow> windows = List.of(new VersionWindow("1.0.0", 100, 2, 10, 20, 30, Map.of()),
        new VersionWindow("1.1.0", 300, 0, 10, 10, 30, Map.of()));
    Report report = VersionAnalytics.analyse(scope("1.1.0", Optional.of("development")), clean, windows);
    assertThat(report.successRate()).contains(1.0);
    assertThat(report.rollbackRate()).contains(0.0);
    assertThat(report.adoptionRate()).contains(0.75);
    assertThat(report.performanceImpact()).contains(-0.5);
    assertThat(report.errorImpact()).contains(-0.02);
    assertThat(report.recommendations()).containsExactly(new Recommendation("promote",
        "safe to promote to staging: succeeded in development with no rollbacks, error rate 0% against 2% for 1.0.0"));

    Report inProduction = VersionAnalytics.analyse(new Scope("payments", "1.1.0", Optional.of("production"), 60_000,
        NEXT), List.of(deployment("1.1.0", "production", "succeeded", 300, 2, "1.0.0", false)), windows);
    assertThat(inProduction.recommendations()).extracting(Recommendation::kind).containsExactly("keep");
  }

  @Test
  void aVersionWorseThanTheOneItReplacedIsToRollBack() {
    List<VersionWindow> windows = List.of(new VersionWindow("1.0.0", 100, 1, 10, 20, 30, Map.of()),
        new VersionWindow("1.1.0", 50, 6, 10, 20, 30, Map.of("charge", 6L)));
    Report report = VersionAnalytics.analyse(scope("1.1.0", Optional.empty()),
        List.of(deployment("1.1.0", "development", "succeeded", 300, 2, "1.0.0", false)), windows);
    assertThat(report.errorImpact().orElseThrow()).isCloseTo(0.11, EXACT);
    assertThat(report.performanceImpact()).contains(0.0);
    assertThat(report.recommendations()).containsExactly(
        new Recommendation("roll-back", "roll back: error rate 12% against 1% for 1.0.0"),
        new Recommendation("investigate", "investigate node `charge`: 100% of its errors (6 of 6)"));
  }

  @Test
  void aReplacedVersionWithoutTrafficIsToDeprecateAndHasNoImpacts() {
    Report report = VersionAnalytics.analyse(scope("1.0.0", Optional.empty()), List.of(
            deployment("1.3.0", "development", "succeeded", 300, 2, "1.0.0", false),
            deployment("1.0.0", "development", "succeeded", 100, 3, null, false)),
        List.of(new VersionWindow("1.3.0", 10, 0, 1, 2, 3, Map.of())));
    assertThat(report.deploymentCount()).isEqualTo(1);
    assertThat(report.adoptionRate()).contains(0.0);
    assertThat(report.comparedWith()).isEmpty();
    assertThat(report.performanceImpact()).isEmpty();
    assertThat(report.errorImpact()).isEmpty();
    assertThat(report.recommendations()).containsExactly(
        new Recommendation("deprecate", "deprecate: replaced by 1.3.0 and takes no traffic"));
  }

  @Test
  void aVersionNeverDeployedAndWithoutExecutionsHasOnlyEmptyNumbers() {
    Report report = VersionAnalytics.analyse(scope("2.0.0", Optional.empty()), List.of(), List.of());
    assertThat(report.deploymentCount()).isZero();
    assertThat(report.successRate()).isEmpty();
    assertThat(report.rollbackRate()).isEmpty();
    assertThat(report.averageDeploymentTime()).isEmpty();
    assertThat(report.adoptionRate()).isEmpty();
    assertThat(report.recommendations()).isEmpty();
  }

  @Test
  void percentagesKeepOneDecimalAtMost() {
    assertThat(VersionAnalytics.percent(0.05)).isEqualTo("5%");
    assertThat(VersionAnalytics.percent(0.125)).isEqualTo("12.5%");
    assertThat(VersionAnalytics.percent(2.0 / 3)).isEqualTo("66.7%");
  }
}
