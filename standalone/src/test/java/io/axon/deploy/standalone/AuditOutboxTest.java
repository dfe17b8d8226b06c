package io.axon.deploy.standalone;

import static io.axon.deploy.standalone.ProgressiveDeliveryTest.awaitTrue;
import static io.axon.deploy.standalone.ProgressiveDeliveryTest.publish;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The deployer's audit records go with the change they record: written in its transaction to the
 * deployer's audit outbox, appended to the trail once it has committed. A change that is refused at
 * commit leaves no record; a record whose append did not happen is appended later.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditOutboxTest {
  private static final String TOKEN = RunningSuite.ADMIN_TOKEN;
  private static final int RACERS = 6;
  private RunningSuite suite;

  @BeforeAll
  void start() {
    suite = RunningSuite.start();
    for (int i = 0; i < RACERS; i++) {
      assertThat(suite.post("/api/v1/workflows", TOKEN, new JsonObject().put("key", "race-" + i).put("name", "Race"))
          .status()).isEqualTo(201);
      publish(suite, "race-" + i, "1.0.0", Definitions.valid("race " + i));
    }
  }

  @AfterAll
  void stop() {
    suite.close();
  }

  @Test
  void deploymentsRefusedAtCommitForTheEnvironmentsLastPlaceLeaveNoAuditRecord() throws Exception {
    Reply current = suite.get("/api/v1/environments/development", TOKEN);
    JsonObject environment = current.json();
    environment.getJsonObject("restrictions").put("maxConcurrentDeployments", 1);
    assertThat(suite.send(HttpMethod.PUT, "/api/v1/environments/development", TOKEN, Buffer.buffer(environment.encode()),
        Map.of("If-Match", current.etag())).status()).isEqualTo(200);

    ExecutorService racers = Executors.newFixedThreadPool(RACERS);
    List<Future<Reply>> answers = new ArrayList<>();
    for (int i = 0; i < RACERS; i++) {
      String workflow = "race-" + i;
      answers.add(racers.submit(() -> suite.post("/api/v1/environments/development/deployments", TOKEN,
          new JsonObject().put("workflow", workflow).put("version", "1.0.0").put("reason", "race"))));
    }
    List<Reply> replies = new ArrayList<>();
    for (Future<Reply> answer : answers) {
      replies.add(answer.get());
    }
    racers.shutdown();
    List<Reply> accepted = replies.stream().filter(reply -> reply.status() == 202).toList();
    assertThat(accepted).as(replies.toString()).hasSize(1);
    assertThat(replies).allSatisfy(reply -> assertThat(reply.status()).as(reply.toString()).isIn(202, 409));

    List<JsonObject> created = suite.get("/api/v1/audit?subject=deployments/&limit=100", TOKEN).items().stream()
        .filter(record -> "deployment.create".equals(record.getString("action"))).toList();
    assertThat(created).as("one record, of the one deployment that exists").singleElement()
        .satisfies(record -> assertThat(record.getString("subject"))
            .isEqualTo("deployments/" + accepted.get(0).json().getString("id")));
    assertThat(suite.sqlColumn("SELECT id FROM deployer.audit_outbox")).as("nothing left waiting").isEmpty();
  }

  @Test
  void aRecordWhoseAppendDidNotHappenIsAppendedByTheNextFlush() {
    // as a deployer that committed a change and died before the registry took its record leaves it
    suite.sql("INSERT INTO deployer.audit_outbox (id, record, request_id, actor) VALUES ('test:left-behind',"
        + " '{\"id\": \"test:left-behind\", \"service\": \"deployer\", \"action\": \"routing.set\","
        + " \"subject\": \"environments/development/workflows/left-behind/routing\", \"details\": {}}', 'r-1', 'ann')");
    awaitTrue(() -> !suite.get("/api/v1/audit?subject=environments/development/workflows/left-behind", TOKEN).items()
        .isEmpty(), 5_000, "the record appended");
    JsonObject record = suite.get("/api/v1/audit?subject=environments/development/workflows/left-behind", TOKEN).items()
        .get(0);
    assertThat(record.getString("actor")).isEqualTo("ann");
    assertThat(record.getString("action")).isEqualTo("routing.set");
    awaitTrue(() -> suite.sqlColumn("SELECT id FROM deployer.audit_outbox").isEmpty(), 5_000, "the outbox emptied");
  }
}
