package io.axon.deploy.standalone;

import static io.axon.deploy.standalone.RunningSuite.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Concurrent requests never create the same version twice. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentVersionCreationTest {
  private RunningSuite suite;
  private ExecutorService clients;

  @BeforeAll
  void start() {
    suite = RunningSuite.start();
    clients = Executors.newFixedThreadPool(16);
  }

  @AfterAll
  void stop() {
    clients.shutdownNow();
    suite.close();
  }

  private List<Reply> concurrently(int count, java.util.function.IntFunction<Reply> call) {
    List<CompletableFuture<Reply>> calls = IntStream.range(0, count)
        .mapToObj(i -> CompletableFuture.supplyAsync(() -> call.apply(i), clients)).toList();
    return calls.stream().map(CompletableFuture::join).toList();
  }

  @Test
  void concurrentBumpsEachGetTheirOwnNextNumber() {
    suite.post("/api/v1/workflows", ADMIN_TOKEN, new JsonObject().put("key", "bumped").put("name", "Bumped"));
    List<Reply> replies = concurrently(24, i -> suite.post("/api/v1/workflows/bumped/versions", ADMIN_TOKEN,
        new JsonObject().put("bump", "minor").put("definition", Definitions.valid(i))));
    assertThat(replies).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(201));
    assertThat(replies.stream().map(r -> r.json().getString("version")))
        .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 24).mapToObj(n -> "0." + n + ".0").toList());
  }

  @Test
  void ofTwoConcurrentIdenticalExplicitVersionsOneIsCreatedAndTheOtherIsAConflict() {
    suite.post("/api/v1/workflows", ADMIN_TOKEN, new JsonObject().put("key", "explicit").put("name", "Explicit"));
    for (int round = 0; round < 5; round++) {
      String version = "1." + round + ".0";
      int base = round * 10;
      List<Reply> replies = concurrently(2, i -> suite.post("/api/v1/workflows/explicit/versions", ADMIN_TOKEN,
          new JsonObject().put("version", version).put("definition", Definitions.valid(base + i))));
      assertThat(replies.stream().map(Reply::status)).containsExactlyInAnyOrder(201, 409);
    }
    assertThat(suite.get("/api/v1/workflows/explicit/versions", ADMIN_TOKEN).items()).hasSize(5);
  }
}
