package io.axon.deploy.monitor.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.monitor.ExecutionBatch;
import io.axon.deploy.common.monitor.ExecutionOutcome;
import io.axon.deploy.common.monitor.ExecutionRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The windows count errors by the node that failed, bounded per second, and read both record forms. */
class ErrorsByNodeTest {
  private static final long T0 = 1_700_000_000_500L;

  private final AtomicLong clock = new AtomicLong(T0);
  private final ExecutionWindows windows = new ExecutionWindows(300_000, clock::get);

  private static ExecutionRecord execution(String environment, String version, ExecutionOutcome outcome,
      Optional<String> node, long at) {
    return new ExecutionRecord(environment, "order-sync", version, Optional.empty(), environment + "-1", outcome,
        5_000, at, node);
  }

  @Test
  void failedExecutionsCountAtTheirNodeAndSumAcrossEnvironments() {
    for (int i = 0; i < 3; i++) {
      windows.record(execution("production", "1.0.0", ExecutionOutcome.FAILED, Optional.of("charge"), T0 - i * 1_000));
    }
    windows.record(execution("staging", "1.0.0", ExecutionOutcome.FAILED, Optional.of("charge"), T0));
    windows.record(execution("staging", "1.0.0", ExecutionOutcome.FAILED, Optional.of("notify"), T0));
    windows.record(execution("staging", "1.0.0", ExecutionOutcome.ERROR, Optional.empty(), T0));
    windows.record(execution("staging", "1.0.0", ExecutionOutcome.SUCCEEDED, Optional.empty(), T0));
    windows.record(execution("staging", "1.1.0", ExecutionOutcome.SUCCEEDED, Optional.empty(), T0));

    List<VersionWindow> all = windows.versions("order-sync", Optional.empty(), 60_000);
    assertThat(all).extracting(VersionWindow::version).containsExactly("1.0.0", "1.1.0");
    VersionWindow first = all.get(0);
    assertThat(first.count()).isEqualTo(7);
    assertThat(first.errors()).isEqualTo(6);
    assertThat(first.errorsByNode()).isEqualTo(Map.of("charge", 4L, "notify", 1L));
    assertThat(all.get(1).errorsByNode()).isEmpty();

    VersionWindow staging = windows.versions("order-sync", Optional.of("staging"), 60_000).get(0);
    assertThat(staging.count()).isEqualTo(4);
    assertThat(staging.errorsByNode()).isEqualTo(Map.of("charge", 1L, "notify", 1L));
    assertThat(windows.versions("order-sync", Optional.of("production"), 1_000).get(0).errorsByNode())
        .isEqualTo(Map.of("charge", 1L));
  }

  @Test
  void aSecondCountsAtMostThirtyTwoNodesByNameAndTheRestAsOther() {
    for (int i = 0; i < 40; i++) {
      windows.record(execution("production", "1.0.0", ExecutionOutcome.FAILED, Optional.of("n" + i), T0));
    }
    windows.record(execution("production", "1.0.0", ExecutionOutcome.FAILED, Optional.of("n0"), T0));
    windows.record(execution("production", "1.0.0", ExecutionOutcome.FAILED, Optional.of("n1"), T0 - 1_000));

    Map<String, Long> nodes = windows.versions("order-sync", Optional.of("production"), 60_000).get(0).errorsByNode();
    assertThat(nodes).hasSize(SlidingWindow.MAX_NODES + 1);
    assertThat(nodes.get(SlidingWindow.OTHER_NODES)).isEqualTo(8);
    assertThat(nodes.get("n0")).isEqualTo(2);
    assertThat(nodes.get("n1")).isEqualTo(2);
    assertThat(nodes.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(42);
  }

  @Test
  void aBucketReusedForALaterSecondForgetsItsNodes() {
    windows.record(execution("production", "1.0.0", ExecutionOutcome.FAILED, Optional.of("charge"), T0));
    clock.addAndGet(300_000);
    windows.record(execution("production", "1.0.0", ExecutionOutcome.FAILED, Optional.of("notify"), T0 + 300_000));
    assertThat(windows.versions("order-sync", Optional.empty(), 300_000).get(0).errorsByNode())
        .isEqualTo(Map.of("notify", 1L));
  }

  @Test
  void theEightEntryFormStillReadsAndTheNodeTravelsInBothForms() {
    JsonArray old = new JsonArray().add("production").add("order-sync").add("1.0.0").addNull().add("production-1")
        .add("failed").add(5_000).add(T0);
    assertThat(ExecutionCommands.read(old)).get().extracting(ExecutionRecord::node).isEqualTo(Optional.empty());
    ExecutionRecord failed = execution("production", "1.0.0", ExecutionOutcome.FAILED, Optional.of("charge"), T0);
    assertThat(failed.toJson()).hasSize(9);
    assertThat(ExecutionCommands.read(failed.toJson())).contains(failed);
    assertThat(ExecutionCommands.read(old.copy().add("charge").add("extra"))).isEmpty();

    ExecutionBatch batch = new ExecutionBatch();
    batch.add("production", "order-sync", "1.0.0", Optional.empty(), "production-1", ExecutionOutcome.FAILED, 5_000, T0,
        Optional.of("charge"));
    batch.add("production", "order-sync", "1.0.0", Optional.empty(), "production-1", ExecutionOutcome.FAILED, 6_000, T0,
        Optional.of("notify"));
    batch.add("production", "order-sync", "1.0.0", Optional.empty(), "production-1", ExecutionOutcome.SUCCEEDED, 7_000, T0);
    JsonArray groups = batch.toJson().getJsonArray("groups");
    assertThat(groups).hasSize(3);
    assertThat(groups.stream().map(g -> ((JsonObject) g).getString("node"))).containsExactlyInAnyOrder("charge", "notify", null);
    assertThat(groups.stream().flatMap(g -> ExecutionBatch.read((JsonObject) g).stream()).map(ExecutionRecord::node))
        .containsExactlyInAnyOrder(Optional.of("charge"), Optional.of("notify"), Optional.empty());
  }
}
