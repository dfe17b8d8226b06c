package io.axon.deploy.standalone;

import static io.axon.deploy.standalone.RunningSuite.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.testing.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An {@code Idempotency-Key} is kept by the registry in the transaction of the write, so a retry
 * never writes twice: not after the gateway gave up (504) on a write (which then rolls back rather
 * than commit behind the caller's back), not while the first is still running. The gateway gives up
 * after 1 s here; statements may run 5 s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExactlyOnceTest {
  private RunningSuite suite;

  @BeforeAll
  void start() {
    suite = RunningSuite.start(RunningSuite.newDatabaseName(),
        Map.of("AXON_BUS_TIMEOUT_MS", "1000", "AXON_PG_STATEMENT_TIMEOUT_MS", "5000"));
  }

  @AfterAll
  void stop() {
    suite.close();
  }

  private void workflow(String key) {
    suite.post("/api/v1/workflows", ADMIN_TOKEN, new JsonObject().put("key", key).put("name", key));
  }

  private Reply create(String workflow, String key, JsonObject body, String token) {
    return suite.send(HttpMethod.POST, "/api/v1/workflows/" + workflow + "/versions", token,
        Buffer.buffer(body.encode()), Map.of("Idempotency-Key", key));
  }

  /** Holds the workflow's row lock, as a long transaction elsewhere would, so that a write on it waits. */
  private Connection lock(String workflow) throws Exception {
    Connection connection = TestDatabase.connect(suite.database());
    connection.setAutoCommit(false);
    connection.createStatement().execute("SELECT 1 FROM registry.workflows WHERE key = '" + workflow + "' FOR UPDATE");
    return connection;
  }

  private int versions(String workflow) {
    return suite.get("/api/v1/workflows/" + workflow + "/versions", ADMIN_TOKEN).items().size();
  }

  @Test
  void aWriteWhoseCallerTimedOutIsRolledBackAndItsRetryWritesOnce() throws Exception {
    workflow("slow");
    JsonObject request = new JsonObject().put("bump", "minor").put("definition", Definitions.valid("slow"));
    Reply timedOut;
    try (Connection held = lock("slow")) {
      timedOut = create("slow", "after-504", request, ADMIN_TOKEN);
      held.commit(); // the registry's write, still waiting, goes on, finds its deadline passed, rolls back
    }
    assertThat(timedOut.isProblem(504)).as(timedOut.toString()).isTrue();

    Reply retry = retryWhileInProgress(() -> create("slow", "after-504", request, ADMIN_TOKEN));
    assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
    assertThat(retry.header("Idempotent-Replayed")).as("the first write did not happen behind the 504").isNull();
    assertThat(retry.json().getString("version")).isEqualTo("0.1.0");
    assertThat(versions("slow")).isEqualTo(1);
    Reply again = create("slow", "after-504", request, ADMIN_TOKEN);
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.json()).isEqualTo(retry.json());
  }

  @Test
  void aConcurrentRetryIsToldTheFirstIsStillRunningAndNothingIsWrittenTwice() throws Exception {
    workflow("raced");
    JsonObject request = new JsonObject().put("bump", "minor").put("definition", Definitions.valid("raced"));
    CompletableFuture<Reply> one;
    CompletableFuture<Reply> other;
    try (Connection held = lock("raced")) {
      one = CompletableFuture.supplyAsync(() -> create("raced", "twice", request, ADMIN_TOKEN));
      other = CompletableFuture.supplyAsync(() -> create("raced", "twice", request, ADMIN_TOKEN));
      // whichever came second is answered at once, while the first waits for the lock held here
      CompletableFuture.anyOf(one, other).get(5, java.util.concurrent.TimeUnit.SECONDS);
      held.commit();
    }
    List<Reply> replies = List.of(one.get(), other.get());
    assertThat(replies).extracting(Reply::status).as(replies.toString()).containsExactlyInAnyOrder(201, 409);
    assertThat(replies).filteredOn(r -> r.status() == 409).allSatisfy(r -> assertThat(r.isProblem(409)).isTrue());
    assertThat(create("raced", "twice", request, ADMIN_TOKEN).header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(versions("raced")).isEqualTo(1);
  }

  @Test
  void keysBelongToTheTokenThatSentThem() {
    workflow("shared-key");
    String other = suite.post("/api/v1/tokens", ADMIN_TOKEN, new JsonObject().put("user", "ada")
        .put("roles", new io.vertx.core.json.JsonArray().add("author"))).json().getString("token");
    Reply mine = create("shared-key", "k1", new JsonObject().put("version", "1.0.0").put("definition", Definitions.valid(1)), ADMIN_TOKEN);
    Reply theirs = create("shared-key", "k1", new JsonObject().put("version", "2.0.0").put("definition", Definitions.valid(2)), other);
    assertThat(mine.status()).isEqualTo(201);
    assertThat(theirs.status()).as("another caller's key of the same name is another key").isEqualTo(201);
    Reply reused = create("shared-key", "k1", new JsonObject().put("version", "3.0.0").put("definition", Definitions.valid(3)), other);
    assertThat(reused.isProblem(422)).as(reused.toString()).isTrue();
    assertThat(reused.errorPaths()).containsExactly("header/Idempotency-Key");
  }

  private static Reply retryWhileInProgress(java.util.function.Supplier<Reply> call) throws InterruptedException {
    return retryUntil(call, reply -> reply.status() != 409);
  }

  private static Reply retryUntil(java.util.function.Supplier<Reply> call, java.util.function.Predicate<Reply> done)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    Reply reply = call.get();
    while (!done.test(reply) && Instant.now().isBefore(deadline)) {
      Thread.sleep(50); // the test thread polls; no event loop waits here
      reply = call.get();
    }
    return reply;
  }
}
