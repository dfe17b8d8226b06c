package io.axon.deploy.registry.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.axon.deploy.common.error.ProblemException;
import io.axon.deploy.common.routing.RoutingTable;
import io.axon.deploy.common.routing.RoutingTable.Route;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.registry.live.LiveTable.LiveVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LiveTableTest {
  private static SemanticVersion v(String text) {
    return SemanticVersion.parse(text);
  }

  private static Route route(String version, int weight) {
    return new Route(v(version), weight, Optional.of("d-" + version));
  }

  private static RoutingTable table(long revision, Optional<String> preview, Route... routes) {
    return new RoutingTable("development", "orders", revision, List.of(routes), preview.map(SemanticVersion::parse), Map.of());
  }

  @Test
  void everyRoutedVersionIsLiveWeightZeroIncludedForItIsTheRollbackTarget() {
    LiveTable live = LiveTable.of(table(4, Optional.empty(), route("1.1.0", 100), route("1.0.0", 0)));
    assertThat(live.versions()).containsExactly(
        new LiveVersion(v("1.1.0"), Optional.of(100), false), new LiveVersion(v("1.0.0"), Optional.of(0), false));
    assertThat(live.find(v("1.0.0")).orElseThrow().describe()).isEqualTo("weight 0, kept loaded as the rollback target");
    assertThat(live.find(v("0.9.0"))).isEmpty();
  }

  @Test
  void thePreviewIsLiveToAndARoutedPreviewIsOneVersionWithBoth() {
    LiveTable previewOnly = LiveTable.of(table(2, Optional.of("2.0.0"), route("1.0.0", 100)));
    assertThat(previewOnly.find(v("2.0.0"))).contains(new LiveVersion(v("2.0.0"), Optional.empty(), true));
    assertThat(previewOnly.find(v("2.0.0")).orElseThrow().describe()).isEqualTo("preview");

    LiveTable routedPreview = LiveTable.of(table(3, Optional.of("2.0.0"), route("1.0.0", 100), route("2.0.0", 0)));
    assertThat(routedPreview.versions()).hasSize(2);
    assertThat(routedPreview.find(v("2.0.0")).orElseThrow().describe())
        .isEqualTo("weight 0, kept loaded as the rollback target, preview");
  }

  @Test
  void aTableWithNoRoutesHasNothingLive() {
    assertThat(LiveTable.of(table(7, Optional.empty())).versions()).isEmpty();
  }

  @Test
  void aNewerRevisionSupersedesAnOlderOrRepeatedOneDoesNot() {
    LiveTable five = LiveTable.of(table(5, Optional.empty(), route("1.0.0", 100)));
    assertThat(five.supersedes(OptionalLong.empty())).as("the first one seen").isTrue();
    assertThat(five.supersedes(OptionalLong.of(4))).isTrue();
    assertThat(five.supersedes(OptionalLong.of(5))).as("a repeat").isFalse();
    assertThat(five.supersedes(OptionalLong.of(6))).as("older, arriving late").isFalse();
  }

  @Test
  void aLiveVersionIsRefusedWithA409NamingEachEnvironment() {
    List<Placement> placements = List.of(
        new Placement("development", 3, new LiveVersion(v("1.0.0"), Optional.of(0), false)),
        new Placement("staging", 8, new LiveVersion(v("1.0.0"), Optional.of(90), false)));
    assertThatThrownBy(() -> Placement.refuse("orders", v("1.0.0"), placements, "archive it", "Replace it first."))
        .isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.problem().status()).isEqualTo(409);
          assertThat(e.problem().detail()).startsWith("version 1.0.0 of orders is live in development (weight 0, kept loaded as"
              + " the rollback target; routing revision 3), staging (weight 90; routing revision 8); cannot archive it");
          assertThat(e.problem().errors()).extracting(error -> error.path()).containsExactly("/version");
        });
    Placement.refuse("orders", v("1.0.0"), List.of(), "archive it", "");
  }
}
