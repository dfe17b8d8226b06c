package io.axon.deploy.deployer.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.routing.RoutingTable;
import io.axon.deploy.common.routing.RoutingTable.Route;
import io.axon.deploy.common.semver.SemanticVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrafficTest {
  private static final SemanticVersion V1 = SemanticVersion.parse("1.0.0");
  private static final SemanticVersion V2 = SemanticVersion.parse("1.1.0");
  private static final SemanticVersion V3 = SemanticVersion.parse("2.0.0");

  @Test
  void theFirstDeploymentTakesAllTrafficInRevisionOne() {
    RoutingTable empty = new RoutingTable("development", "orders", 0, List.of());
    RoutingTable table = Traffic.switched(empty, V1, "d1", List.of("a", "b"), true);
    assertThat(table.revision()).isEqualTo(1);
    assertThat(table.routes()).containsExactly(new Route(V1, 100, Optional.of("d1")));
    assertThat(table.hostsOf(V1)).containsExactly("a", "b");
  }

  @Test
  void theVersionThatHadTheTrafficStaysLoadedAtWeightZeroAndOlderOnesDropOut() {
    RoutingTable before = new RoutingTable("development", "orders", 4,
        List.of(new Route(V2, 90, Optional.of("d2")), new Route(V1, 10, Optional.of("d1"))), Optional.empty(),
        Map.of("1.0.0", List.of("a"), "1.1.0", List.of("a", "b")));
    RoutingTable after = Traffic.switched(before, V3, "d3", List.of("a", "b"), true);
    assertThat(after.revision()).isEqualTo(5);
    assertThat(after.routes()).containsExactly(new Route(V3, 100, Optional.of("d3")), new Route(V2, 0, Optional.of("d2")));
    assertThat(after.hosts()).isEqualTo(Map.of("2.0.0", List.of("a", "b"), "1.1.0", List.of("a", "b")));
    assertThat(Traffic.stable(before, Optional.empty())).map(Route::version).contains(V2);
  }

  @Test
  void anEmergencyRollbackLeavesOnlyItsVersionWithoutThePreview() {
    RoutingTable before = new RoutingTable("development", "orders", 7,
        List.of(new Route(V1, 70, Optional.of("d1")), new Route(V2, 30, Optional.of("d2"))), Optional.of(V3),
        Map.of("1.0.0", List.of("a", "b"), "1.1.0", List.of("a", "b"), "2.0.0", List.of("a")));
    RoutingTable after = Traffic.only(before, V1, "e1", List.of("a", "b"));
    assertThat(after.revision()).isEqualTo(8);
    assertThat(after.routes()).containsExactly(new Route(V1, 100, Optional.of("e1")));
    assertThat(after.preview()).isEmpty();
    assertThat(after.hosts()).isEqualTo(Map.of("1.0.0", List.of("a", "b")));
  }

  @Test
  void redeployingTheLiveVersionKeepsNoDuplicateRoute() {
    RoutingTable before = new RoutingTable("development", "orders", 1, List.of(new Route(V1, 100, Optional.of("d1"))));
    RoutingTable after = Traffic.switched(before, V1, "d2", List.of("a"), true);
    assertThat(after.routes()).containsExactly(new Route(V1, 100, Optional.of("d2")));
  }

  @Test
  void aCanaryStepSplitsBetweenTheNewVersionAndTheStableOneAndDropsASupersededCanary() {
    RoutingTable before = new RoutingTable("development", "orders", 7,
        List.of(new Route(V1, 80, Optional.of("d1")), new Route(V2, 20, Optional.of("d2"))), Optional.empty(),
        Map.of("1.0.0", List.of("a", "b"), "1.1.0", List.of("a", "b")));
    RoutingTable after = Traffic.weighted(before, V3, "d3", Optional.of(V1), 30, List.of("a", "b"));
    assertThat(after.revision()).isEqualTo(8);
    assertThat(after.routes()).containsExactly(new Route(V3, 30, Optional.of("d3")), new Route(V1, 70, Optional.of("d1")));
    assertThat(after.hosts()).containsOnlyKeys("2.0.0", "1.0.0");
  }

  @Test
  void aCanaryWithNothingBeforeItTakesAllTraffic() {
    RoutingTable empty = new RoutingTable("development", "orders", 0, List.of());
    assertThat(Traffic.weighted(empty, V1, "d1", Optional.empty(), 10, List.of("a")).routes())
        .containsExactly(new Route(V1, 100, Optional.of("d1")));
  }

  @Test
  void aRollingBatchMovesTheWeightAndTheHostsOfItsInstances() {
    RoutingTable before = new RoutingTable("development", "orders", 3, List.of(new Route(V1, 100, Optional.of("d1"))),
        Optional.empty(), Map.of("1.0.0", List.of("a", "b", "c", "d")));
    RoutingTable after = Traffic.rolled(before, V2, "d2", V1, List.of("a"), List.of("a", "b", "c", "d"));
    assertThat(after.routes()).containsExactly(new Route(V2, 25, Optional.of("d2")), new Route(V1, 75, Optional.of("d1")));
    assertThat(after.hosts()).isEqualTo(Map.of("1.1.0", List.of("a"), "1.0.0", List.of("b", "c", "d")));
  }

  @Test
  void restoringSendsEverythingToTheTargetAndDropsTheRolledBackVersionAndItsPreview() {
    RoutingTable before = new RoutingTable("development", "orders", 9,
        List.of(new Route(V1, 60, Optional.of("d1")), new Route(V2, 40, Optional.of("d2"))), Optional.of(V2),
        Map.of("1.0.0", List.of("a"), "1.1.0", List.of("a")));
    RoutingTable after = Traffic.restored(before, V1, V2, List.of("a", "b"));
    assertThat(after.routes()).containsExactly(new Route(V1, 100, Optional.of("d1")));
    assertThat(after.preview()).isEmpty();
    assertThat(after.hosts()).isEqualTo(Map.of("1.0.0", List.of("a", "b")));
  }

  @Test
  void aBlueGreenPreviewIsLoadedButTakesNoTraffic() {
    RoutingTable before = new RoutingTable("development", "orders", 2, List.of(new Route(V1, 100, Optional.of("d1"))),
        Optional.empty(), Map.of("1.0.0", List.of("a")));
    RoutingTable preview = Traffic.preview(before, V2, List.of("a"));
    assertThat(preview.routes()).isEqualTo(before.routes());
    assertThat(preview.preview()).contains(V2);
    assertThat(Traffic.without(preview, V2).preview()).isEmpty();
    assertThat(Traffic.without(preview, V2).hosts()).containsOnlyKeys("1.0.0");
  }
}
