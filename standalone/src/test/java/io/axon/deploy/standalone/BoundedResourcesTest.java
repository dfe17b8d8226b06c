package io.axon.deploy.standalone;

import static io.axon.deploy.standalone.RunningSuite.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Per process, a service shares one pool however many event loops it runs, and PostgreSQL cancels a
 * statement once the caller has stopped waiting for it. Four verticle instances, a pool of three,
 * statements cancelled after half a second.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BoundedResourcesTest {
  private RunningSuite suite;

  @BeforeAll
  void start() {
    suite = RunningSuite.start(RunningSuite.newDatabaseName(), Map.of("AXON_INSTANCES", "4", "AXON_PG_POOL_SIZE", "3",
        "AXON_PG_STATEMENT_TIMEOUT_MS", "500", "AXON_BUS_TIMEOUT_MS", "5000"));
    suite.post("/api/v1/workflows", ADMIN_TOKEN, new JsonObject().put("key", "bounded").put("name", "Bounded"));
  }

  @AfterAll
  void stop() {
    suite.close();
  }

  @Test
  void theRegistryOpensNoMoreConnectionsThanItsPoolWhateverItsEventLoops() {
    List<CompletableFuture<Reply>> burst = IntStream.range(0, 40)
        .mapToObj(i -> CompletableFuture.supplyAsync(() -> suite.get("/api/v1/workflows/bounded/versions", ADMIN_TOKEN)))
        .toList();
    burst.forEach(reply -> assertThat(reply.join().status()).isEqualTo(200));
    List<String> connections = suite.sqlColumn("SELECT count(*) FROM pg_stat_activity"
        + " WHERE datname = current_database() AND application_name = 'axon-registry'");
    assertThat(Integer.parseInt(connections.get(0))).isBetween(1, 3);
  }

  @Test
  void aStatementThatOutlivesItsDeadlineIsCancelledAndChangesNothing() throws Exception {
    Reply cancelled;
    try (Connection held = TestDatabase.connect(suite.database())) {
      held.setAutoCommit(false);
      held.createStatement().execute("SELECT 1 FROM registry.workflows WHERE key = 'bounded' FOR UPDATE");
      cancelled = suite.post("/api/v1/workflows/bounded/versions", ADMIN_TOKEN,
          new JsonObject().put("version", "1.0.0").put("definition", Definitions.valid(1)));
      Thread.sleep(600); // hold the lock past the deadline; only the test thread waits
      held.commit();
    }
    assertThat(cancelled.isProblem(504)).as(cancelled.toString()).isTrue();
    assertThat(suite.get("/api/v1/workflows/bounded/versions", ADMIN_TOKEN).items()).isEmpty();
  }
}
