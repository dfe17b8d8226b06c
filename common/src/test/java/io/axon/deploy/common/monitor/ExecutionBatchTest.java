package io.axon.deploy.common.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExecutionBatchTest {

  @Test
  void executionsThatShareEverythingButTheirTimesTravelAsOneGroupAndComeBackWhole() {
    ExecutionBatch batch = new ExecutionBatch();
    batch.add("development", "orders", "1.0.0", Optional.of("d1"), "development-1", ExecutionOutcome.SUCCEEDED, 900, 1_000);
    batch.add("development", "orders", "1.0.0", Optional.of("d1"), "development-1", ExecutionOutcome.SUCCEEDED, 1_100, 1_001);
    batch.add("development", "orders", "1.1.0", Optional.empty(), "development-2", ExecutionOutcome.FAILED, 5_000, 1_002);
    JsonObject wire = new JsonObject(batch.toJson().encode());

    assertThat(batch.size()).isEqualTo(3);
    assertThat(wire.getJsonArray("groups")).hasSize(2);
    List<ExecutionRecord> read = wire.getJsonArray("groups").stream()
        .flatMap(group -> ExecutionBatch.read((JsonObject) group).stream()).toList();
    assertThat(read).containsExactlyInAnyOrder(
        new ExecutionRecord("development", "orders", "1.0.0", Optional.of("d1"), "development-1", ExecutionOutcome.SUCCEEDED, 900, 1_000),
        new ExecutionRecord("development", "orders", "1.0.0", Optional.of("d1"), "development-1", ExecutionOutcome.SUCCEEDED, 1_100, 1_001),
        new ExecutionRecord("development", "orders", "1.1.0", Optional.empty(), "development-2", ExecutionOutcome.FAILED, 5_000, 1_002));
  }
}
