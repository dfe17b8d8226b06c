package io.axon.deploy.deployer.healing;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.deployer.WatchedDeployment;
import io.axon.deploy.common.routing.RoutingTable;
import io.axon.deploy.common.routing.RoutingTable.Route;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.deployer.deployment.Deployment;
import io.axon.deploy.deployer.deployment.DeploymentStatus;
import io.axon.deploy.deployer.environment.Environment;
import io.axon.deploy.deployer.strategy.Strategy;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WatchlistTest {
  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

  private static Environment environment(boolean enabled) {
    JsonObject restrictions = new JsonObject("""
        {"allowedVersionStatuses": ["published"], "requiresApproval": false, "approvalsRequired": 0,
         "maxConcurrentDeployments": 3, "deploymentWindows": [], "freezes": [],
         "rollbackPolicy": {"automatic": {"enabled": %s, "triggers": [
             {"type": "error_rate", "threshold": 0.05, "duration": 2000, "minSamples": 20}], "timeout": 600000},
           "manual": {"enabled": true, "approvalRequired": false}}}""".formatted(enabled));
    return Environment.fromStored("development", "development", new JsonObject().put("variables", new JsonObject()),
        restrictions, 1);
  }

  private static Deployment deployment(String id, String version, String strategy, DeploymentStatus status,
      Optional<Instant> finished) {
    return deployment(id, version, strategy, status, finished, Optional.of("1.0.0"));
  }

  private static Deployment deployment(String id, String version, String strategy, DeploymentStatus status,
      Optional<Instant> finished, Optional<String> previous) {
    return new Deployment(id, "payments", version, "development",
        Strategy.fromRequest(new JsonObject().put("type", strategy)), status, previous, Optional.empty(),
        Optional.empty(), Optional.empty(), "ann", NOW.minusSeconds(3600), Optional.of(NOW.minusSeconds(3000)), finished,
        new Deployment.Timing(0, Optional.empty(), Optional.empty()), Optional.empty(), List.of());
  }

  private static RoutingTable table(Route... routes) {
    return new RoutingTable("development", "payments", 7, List.of(routes));
  }

  private static Route route(String version, int weight, String deployment) {
    return new Route(SemanticVersion.parse(version), weight, Optional.of(deployment));
  }

  @Test
  void aCanaryUnderWayIsJudgedAgainstItsStableVersion() {
    List<WatchedDeployment> watched = Watchlist.of(List.of(deployment("c", "1.1.0", "canary", DeploymentStatus.PAUSED,
        Optional.empty())), List.of(environment(true)), List.of(table(route("1.1.0", 10, "c"), route("1.0.0", 90, "s"))), NOW);
    assertThat(watched).singleElement().satisfies(w -> {
      assertThat(w.canary()).isTrue();
      assertThat(w.stable()).contains("1.0.0");
      assertThat(w.triggers()).singleElement().extracting(WatchedDeployment.Trigger::type).isEqualTo(io.axon.deploy.common.deployer.TriggerType.ERROR_RATE);
    });
  }

  @Test
  void aSucceededDeploymentIsWatchedWithinTheTimeoutWhileItHoldsAllTheTraffic() {
    Deployment recent = deployment("s", "1.1.0", "immediate", DeploymentStatus.SUCCEEDED, Optional.of(NOW.minusSeconds(60)));
    Deployment old = deployment("o", "1.1.0", "immediate", DeploymentStatus.SUCCEEDED, Optional.of(NOW.minusSeconds(601)));
    assertThat(Watchlist.of(List.of(recent), List.of(environment(true)), List.of(table(route("1.1.0", 100, "s"))), NOW))
        .singleElement().satisfies(w -> assertThat(w.canary()).isFalse());
    assertThat(Watchlist.of(List.of(old), List.of(environment(true)), List.of(table(route("1.1.0", 100, "o"))), NOW))
        .as("past the timeout").isEmpty();
    assertThat(Watchlist.of(List.of(recent), List.of(environment(true)),
        List.of(table(route("1.2.0", 10, "next"), route("1.1.0", 90, "s"))), NOW))
        .as("a newer canary shares its traffic: the newer one is watched, not this one").isEmpty();
    assertThat(Watchlist.of(List.of(recent), List.of(environment(false)), List.of(table(route("1.1.0", 100, "s"))), NOW))
        .as("automatic rollback disabled").isEmpty();
    Deployment first = deployment("f", "1.0.0", "immediate", DeploymentStatus.SUCCEEDED, Optional.of(NOW.minusSeconds(60)),
        Optional.empty());
    assertThat(Watchlist.of(List.of(first), List.of(environment(true)), List.of(table(route("1.0.0", 100, "f"))), NOW))
        .as("nothing to roll back to").isEmpty();
  }
}
