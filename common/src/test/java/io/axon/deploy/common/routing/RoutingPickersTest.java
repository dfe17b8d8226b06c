package io.axon.deploy.common.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.axon.deploy.common.error.ProblemException;
import io.axon.deploy.common.routing.RoutingTable.Route;
import io.axon.deploy.common.semver.SemanticVersion;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoutingPickersTest {
  private static final SemanticVersion V1 = SemanticVersion.parse("1.0.0");
  private static final SemanticVersion V2 = SemanticVersion.parse("2.0.0");

  private static List<Route> split(int first, int second) {
    return List.of(new Route(V1, first, Optional.empty()), new Route(V2, second, Optional.of("d-2")));
  }

  @Test
  void weightedPicksAreExactOverEveryHundredAndSpreadOut() {
    WeightedPicker picker = new WeightedPicker(split(90, 10));
    Map<SemanticVersion, Integer> counts = new HashMap<>();
    int longestRunOfV2 = 0;
    int run = 0;
    for (int i = 0; i < 10_000; i++) {
      SemanticVersion picked = picker.next().orElseThrow().version();
      counts.merge(picked, 1, Integer::sum);
      run = picked.equals(V2) ? run + 1 : 0;
      longestRunOfV2 = Math.max(longestRunOfV2, run);
    }
    assertThat(counts).containsEntry(V1, 9_000).containsEntry(V2, 1_000);
    assertThat(longestRunOfV2).as("the 10% are not bunched").isEqualTo(1);
  }

  @Test
  void aTableWithoutTrafficPicksNothing() {
    assertThat(new WeightedPicker(List.of()).next()).isEmpty();
    assertThat(StickyPicker.pick(List.of(), "k")).isEmpty();
  }

  @Test
  void aRoutingKeyStaysOnOneVersionAndMovesOnlyWhenItsBucketChangesHands() {
    List<Route> before = split(90, 10);
    List<Route> after = split(80, 20);
    int moved = 0;
    Map<SemanticVersion, Integer> counts = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      String key = "customer-" + i;
      SemanticVersion first = StickyPicker.pick(before, key).orElseThrow().version();
      assertThat(StickyPicker.pick(before, key).orElseThrow().version()).isEqualTo(first);
      SemanticVersion then = StickyPicker.pick(after, key).orElseThrow().version();
      counts.merge(first, 1, Integer::sum);
      if (!then.equals(first)) {
        moved++;
        assertThat(first).as("keys only move to the version that gained weight").isEqualTo(V1);
      }
    }
    assertThat(counts.get(V2) / 20_000.0).isBetween(0.08, 0.12);
    assertThat(moved / 20_000.0).as("about the 10 points that changed hands").isBetween(0.08, 0.12);
  }

  @Test
  void aTableWhoseWeightsDoNotAddUpIsRefusedWithEveryReason() {
    assertThatThrownBy(() -> RoutingTable.checked("staging", "w", 1,
        List.of(new Route(V1, 70, Optional.empty()), new Route(V1, 20, Optional.empty()), new Route(V2, 101, Optional.empty()))))
        .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.problem().errors()).extracting(e -> e.path())
            .containsExactlyInAnyOrder("/routes/1/version", "/routes/2/weight", "/routes"));
    RoutingTable table = RoutingTable.checked("staging", "w", 3, split(50, 50));
    assertThat(RoutingTable.fromJson(table.toJson())).isEqualTo(table);
  }
}
