package io.axon.deploy.deployer.healing;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.routing.RoutingTable;
import io.axon.deploy.common.routing.RoutingTable.Route;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.deployer.deployment.Deployment;
import io.axon.deploy.deployer.deployment.DeploymentStatus;
import io.axon.deploy.deployer.environment.Environment;
import io.axon.deploy.deployer.strategy.ImmediateStrategy;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EmergencyWatchlistTest {
  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

  @Test
  void anEmergencyRollbackIsNeverWatchedByTheTriggersUnderWayOrDone() {
    Environment development = Environment.fromStored("development", "development",
        new JsonObject().put("variables", new JsonObject()), new JsonObject("""
            {"allowedVersionStatuses": ["published"], "requiresApproval": false, "approvalsRequired": 0,
             "maxConcurrentDeployments": 3, "deploymentWindows": [], "freezes": [],
             "rollbackPolicy": {"automatic": {"enabled": true, "triggers": [
                 {"type": "error_rate", "threshold": 0.05, "duration": 2000, "minSamples": 20}], "timeout": 600000},
               "manual": {"enabled": true, "approvalRequired": false}}}"""), 1);
    RoutingTable table = new RoutingTable("development", "payments", 7,
        List.of(new Route(SemanticVersion.parse("1.0.0"), 100, Optional.of("e"))));
    for (DeploymentStatus status : List.of(DeploymentStatus.IN_PROGRESS, DeploymentStatus.SUCCEEDED)) {
      Deployment emergency = new Deployment("e", "payments", "1.0.0", "development", ImmediateStrategy.EMERGENCY, status,
          Optional.of("1.1.0"), Optional.of("emergency rollback: x"), Optional.empty(), Optional.empty(), "ann",
          NOW.minusSeconds(60), Optional.of(NOW.minusSeconds(60)),
          status == DeploymentStatus.SUCCEEDED ? Optional.of(NOW.minusSeconds(30)) : Optional.empty(),
          new Deployment.Timing(0, Optional.empty(), Optional.empty()), Optional.empty(), List.of());
      assertThat(Watchlist.of(List.of(emergency), List.of(development), List.of(table), NOW)).as(status.wire()).isEmpty();
      Deployment ordinary = new Deployment("e", "payments", "1.0.0", "development", ImmediateStrategy.INSTANCE, status,
          Optional.of("1.1.0"), Optional.empty(), Optional.empty(), Optional.empty(), "ann", NOW.minusSeconds(60),
          Optional.of(NOW.minusSeconds(60)),
          status == DeploymentStatus.SUCCEEDED ? Optional.of(NOW.minusSeconds(30)) : Optional.empty(),
          new Deployment.Timing(0, Optional.empty(), Optional.empty()), Optional.empty(), List.of());
      assertThat(Watchlist.of(List.of(ordinary), List.of(development), List.of(table), NOW)).as(status.wire()).hasSize(1);
    }
  }
}
