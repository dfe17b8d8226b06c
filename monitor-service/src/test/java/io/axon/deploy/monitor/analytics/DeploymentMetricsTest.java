package io.axon.deploy.monitor.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.monitor.analytics.DeploymentMetrics.Health;
import io.axon.deploy.monitor.analytics.DeploymentMetrics.InstanceHealth;
import io.axon.deploy.monitor.analytics.DeploymentMetrics.NodeErrors;
import io.axon.deploy.monitor.windows.VersionWindow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A deployment's health, performance and errors against numbers worked out by hand. */
class DeploymentMetricsTest {
  private static final Instant T0 = Instant.parse("2026-01-06T10:00:00Z");

  @Test
  void healthIsTheMeanOverHostingInstancesWithAnUnhealthyOneAtZero() {
    Health health = DeploymentMetrics.health(List.of(
        new InstanceHealth(true, 100, 100, 100, 50, Optional.of(T0)),
        new InstanceHealth(true, 80, 100, 0, 100, Optional.of(T0.plusSeconds(2))),
        new InstanceHealth(false, 90, 100, 100, 100, Optional.of(T0.plusSeconds(1)))));
    assertThat(health.overall()).isEqualTo(60.0);
    assertThat(health.engine()).isEqualTo(200.0 / 3);
    assertThat(health.database()).isEqualTo(100.0 / 3);
    assertThat(health.externalServices()).isEqualTo(50.0);
    assertThat(health.lastCheck()).contains(T0.plusSeconds(2));
    assertThat(health.instances()).isEqualTo(3);
    assertThat(DeploymentMetrics.health(List.of())).isEqualTo(new Health(0, 0, 0, 0, Optional.empty(), 0));
  }

  @Test
  void checksScorePassWarnFailAsHundredFiftyZero() {
    assertThat(DeploymentMetrics.checkScore("pass")).isEqualTo(100);
    assertThat(DeploymentMetrics.checkScore("warn")).isEqualTo(50);
    assertThat(DeploymentMetrics.checkScore("fail")).isEqualTo(0);
    assertThat(DeploymentMetrics.checkScore(null)).isEqualTo(0);
  }

  @Test
  void theWindowRunsFromTheStartWithinASecondAndTheRetention() {
    long now = T0.toEpochMilli();
    assertThat(DeploymentMetrics.windowMs(Optional.of(T0.minusSeconds(42)), now, 1_000, 300_000)).isEqualTo(42_000);
    assertThat(DeploymentMetrics.windowMs(Optional.of(T0.minusSeconds(3_600)), now, 1_000, 300_000)).isEqualTo(300_000);
    assertThat(DeploymentMetrics.windowMs(Optional.of(T0), now, 1_000, 300_000)).isEqualTo(1_000);
    assertThat(DeploymentMetrics.windowMs(Optional.empty(), now, 1_000, 300_000)).isEqualTo(1_000);
  }

  @Test
  void performanceIsExecutionsPerSecondAndErrorsListTheTopNodes() {
    VersionWindow window = new VersionWindow("1.1.0", 60, 7, 5, 9, 12,
        Map.of("a", 1L, "b", 2L, "c", 1L, "d", 1L, "e", 1L, "charge", 1L));
    assertThat(DeploymentMetrics.performance(window, 30_000))
        .isEqualTo(new DeploymentMetrics.Performance(2.0, 5, 9, 12, 60));
    DeploymentMetrics.Errors errors = DeploymentMetrics.errors(window);
    assertThat(errors.count()).isEqualTo(7);
    assertThat(errors.rate()).isEqualTo(7.0 / 60);
    assertThat(errors.topErrors()).containsExactly(new NodeErrors("b", 2), new NodeErrors("a", 1),
        new NodeErrors("c", 1), new NodeErrors("charge", 1), new NodeErrors("d", 1));
  }
}
