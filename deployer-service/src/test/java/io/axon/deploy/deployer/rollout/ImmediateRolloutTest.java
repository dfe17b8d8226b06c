package io.axon.deploy.deployer.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.routing.RoutingTable;
import io.axon.deploy.common.routing.RoutingTable.Route;
import io.axon.deploy.common.semver.SemanticVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImmediateRolloutTest {
  private static final SemanticVersion V1 = SemanticVersion.parse("1.0.0");
  private static final SemanticVersion V2 = SemanticVersion.parse("1.1.0");
  private static final SemanticVersion V3 = SemanticVersion.parse("2.0.0");

  @Test
  void theFirstDeploymentTakesAllTrafficInRevisionOne() {
    RoutingTable empty = new RoutingTable("development", "orders", 0, List.of());
    RoutingTable table = ImmediateRollout.switched(empty, V1, "d1", List.of("a", "b"));
    assertThat(table.revision()).isEqualTo(1);
    assertThat(table.routes()).containsExactly(new Route(V1, 100, Optional.of("d1")));
    assertThat(table.hostsOf(V1)).containsExactly("a", "b");
  }

  @Test
  void theVersionThatHadTheTrafficStaysLoadedAtWeightZeroAndOlderOnesDropOut() {
    RoutingTable before = new RoutingTable("development", "orders", 4,
        List.of(new Route(V2, 90, Optional.of("d2")), new Route(V1, 10, Optional.of("d1"))), Optional.empty(),
        Map.of("1.0.0", List.of("a"), "1.1.0", List.of("a", "b")));
    RoutingTable after = ImmediateRollout.switched(before, V3, "d3", List.of("a", "b"));
    assertThat(after.revision()).isEqualTo(5);
    assertThat(after.routes()).containsExactly(new Route(V3, 100, Optional.of("d3")), new Route(V2, 0, Optional.of("d2")));
    assertThat(after.hosts()).isEqualTo(Map.of("2.0.0", List.of("a", "b"), "1.1.0", List.of("a", "b")));
    assertThat(ImmediateRollout.previous(before)).map(Route::version).contains(V2);
  }

  @Test
  void redeployingTheLiveVersionKeepsNoDuplicateRoute() {
    RoutingTable before = new RoutingTable("development", "orders", 1, List.of(new Route(V1, 100, Optional.of("d1"))));
    RoutingTable after = ImmediateRollout.switched(before, V1, "d2", List.of("a"));
    assertThat(after.routes()).containsExactly(new Route(V1, 100, Optional.of("d2")));
  }
}
