package io.axon.deploy.standalone;

import static io.axon.deploy.standalone.RunningSuite.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.events.CloudEvent;
import io.axon.deploy.common.registry.RegistryEvents;
import io.axon.deploy.common.registry.VersionEvent;
import io.axon.deploy.common.registry.VersionStatus;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The registry's changes reach other services as CloudEvents on axon.events.registry, through its outbox. */
class RegistryEventsTest {

  private static List<CloudEvent> listen(RunningSuite suite) {
    List<CloudEvent> events = new CopyOnWriteArrayList<>();
    suite.vertx().eventBus().<JsonObject>consumer(RegistryEvents.ADDRESS, message -> events.add(CloudEvent.fromJson(message.body())))
        .completion().await();
    return events;
  }

  private static void awaitEvents(List<CloudEvent> events, Predicate<List<CloudEvent>> done) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (!done.test(events) && Instant.now().isBefore(deadline)) {
      Thread.sleep(20); // the test thread polls; no event loop waits here
    }
  }

  @Test
  void everyChangeOfAWorkflowOrVersionIsPublishedInOrderWithAUniqueId() throws Exception {
    try (RunningSuite suite = RunningSuite.start()) {
      List<CloudEvent> events = listen(suite);
      String wf = "/api/v1/workflows/evented";
      suite.post("/api/v1/workflows", ADMIN_TOKEN, new JsonObject().put("key", "evented").put("name", "Evented"));
      Reply created = suite.post(wf + "/versions", ADMIN_TOKEN, new JsonObject().put("version", "1.0.0").put("definition", Definitions.valid(1)));
      suite.send(HttpMethod.PUT, wf + "/versions/1.0.0/definition", ADMIN_TOKEN,
          Buffer.buffer(Definitions.valid(2).encode()), Map.of("If-Match", created.etag()));
      for (String move : List.of("publish", "deprecate", "archive")) {
        suite.post(wf + "/versions/1.0.0/" + move, ADMIN_TOKEN, null);
      }
      awaitEvents(events, e -> e.size() >= 6);

      assertThat(events).extracting(CloudEvent::type).containsExactly(RegistryEvents.WORKFLOW_CREATED,
          RegistryEvents.VERSION_CREATED, RegistryEvents.VERSION_DEFINITION_REPLACED, RegistryEvents.VERSION_PUBLISHED,
          RegistryEvents.VERSION_DEPRECATED, RegistryEvents.VERSION_ARCHIVED);
      assertThat(events).extracting(CloudEvent::id).doesNotHaveDuplicates();
      assertThat(events).extracting(CloudEvent::source).containsOnly("/axon/registry");
      assertThat(events.subList(1, 6)).extracting(CloudEvent::subject).containsOnly("workflows/evented/versions/1.0.0");
      VersionEvent archived = VersionEvent.fromJson(events.get(5).data());
      assertThat(archived.status()).isEqualTo(VersionStatus.ARCHIVED);
      assertThat(archived.previousStatus()).contains(VersionStatus.DEPRECATED);
      assertThat(archived.actor()).isEqualTo("admin");
      assertThat(VersionEvent.fromJson(events.get(1).data()).digest()).isEqualTo(created.json().getString("digest"));
      assertThat(VersionEvent.fromJson(events.get(3).data()).digest()).as("the replaced definition's digest")
          .isEqualTo(VersionEvent.fromJson(events.get(2).data()).digest()).isNotEqualTo(created.json().getString("digest"));
    }
  }

  @Test
  void aRefusedChangePublishesNothing() throws Exception {
    try (RunningSuite suite = RunningSuite.start()) {
      List<CloudEvent> events = listen(suite);
      suite.post("/api/v1/workflows", ADMIN_TOKEN, new JsonObject().put("key", "quiet").put("name", "Quiet"));
      Reply refused = suite.post("/api/v1/workflows/quiet/versions/9.9.9/publish", ADMIN_TOKEN, null);
      assertThat(refused.isProblem(404)).isTrue();
      Reply duplicate = suite.post("/api/v1/workflows", ADMIN_TOKEN, new JsonObject().put("key", "quiet").put("name", "Again"));
      assertThat(duplicate.isProblem(409)).isTrue();
      suite.post("/api/v1/workflows", ADMIN_TOKEN, new JsonObject().put("key", "after").put("name", "After"));
      awaitEvents(events, e -> e.size() >= 2);
      assertThat(events).extracting(CloudEvent::subject).containsExactly("workflows/quiet", "workflows/after");
    }
  }

  @Test
  void anEventCommittedButNotRelayedBeforeACrashIsRelayedAfterTheRestartWithItsId() throws Exception {
    String database = RunningSuite.newDatabaseName();
    RunningSuite first = RunningSuite.start(database, Map.of());
    List<CloudEvent> before = listen(first);
    first.post("/api/v1/workflows", ADMIN_TOKEN, new JsonObject().put("key", "crashy").put("name", "Crashy"));
    awaitEvents(before, e -> !e.isEmpty());
    first.stop();
    // as if the process had died after the commit and before its relay marked the event published
    try (java.sql.Connection sql = io.axon.deploy.common.testing.TestDatabase.connect(database)) {
      sql.createStatement().execute("UPDATE registry.outbox SET published_at = NULL");
    }
    try (RunningSuite restarted = RunningSuite.start(database, Map.of())) {
      List<CloudEvent> after = listen(restarted);
      awaitEvents(after, e -> !e.isEmpty());
      assertThat(after).extracting(CloudEvent::id).as("at least once, with the same id, so consumers drop the repeat")
          .containsExactly(before.get(0).id());
    }
  }
}
