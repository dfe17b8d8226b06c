package io.axon.deploy.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.axon.deploy.common.bus.Actor;
import io.axon.deploy.common.bus.Addresses;
import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.bus.RegistryCommands;
import io.axon.deploy.common.cluster.ServiceLauncher;
import io.axon.deploy.common.cluster.VertxRuntime;
import io.axon.deploy.common.config.AxonConfig;
import io.axon.deploy.common.error.ProblemException;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.testing.TestDatabase;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The registry's event-bus address is a public API: other verticles call it directly. */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryBusApiTest {
  private static final String DATABASE = TestDatabase.newName();
  private static final Actor PIPELINE = Actor.of("pipeline", null);
  private BusClient registry;

  @BeforeAll
  void deploy(Vertx vertx) {
    AxonConfig config = AxonConfig.from(Map.of("AXON_PG_URL", TestDatabase.url(DATABASE),
        "AXON_AUDIT_KEY_FILE", TestDatabase.auditKeyFile(DATABASE).toString(), "AXON_INSTANCES", "1"));
    ServiceLauncher.deploy(new VertxRuntime(vertx, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)), config,
        RegistryVerticle::prepare).await();
    registry = new BusClient(vertx.eventBus(), 5_000);
  }

  @AfterAll
  void dropDatabase(Vertx vertx) {
    vertx.close().await();
    TestDatabase.drop(DATABASE);
  }

  private JsonObject ask(String action, JsonObject body) {
    return registry.request(Addresses.REGISTRY, action, body, "bus-test", PIPELINE).await().json();
  }

  @Test
  void commandsCreateAndReadVersionsOnBehalfOfTheActorInTheHeader() {
    ask(RegistryCommands.CREATE_WORKFLOW, new JsonObject().put("key", "via-bus").put("name", "Via bus"));
    JsonObject definition = new JsonObject()
        .put("nodes", new JsonArray().add(new JsonObject().put("id", "t").put("type", "trigger")));
    JsonObject created = ask(RegistryCommands.CREATE_VERSION,
        new JsonObject().put("workflow", "via-bus").put("bump", "patch").put("definition", definition));
    assertThat(created.getString("version")).isEqualTo("0.0.1");
    assertThat(created.getString("createdBy")).isEqualTo("pipeline");
    JsonObject audit = ask(RegistryCommands.LIST_AUDIT, new JsonObject().put("subject", "workflows/via-bus/versions/0.0.1"));
    assertThat(audit.getJsonArray("items").getJsonObject(0).getString("requestId")).isEqualTo("bus-test");
  }

  @Test
  void aFailedCommandRepliesWithTheHttpStatusAsCodeAndTheProblemAsMessage(Vertx vertx) {
    ReplyException failure = (ReplyException) catchFailure(() -> vertx.eventBus().request(Addresses.REGISTRY,
        new JsonObject().put("workflow", "absent"), new DeliveryOptions().addHeader("action", RegistryCommands.GET_WORKFLOW)).await());
    assertThat(failure.failureCode()).isEqualTo(404);
    assertThat(new JsonObject(failure.getMessage()).getString("type")).isEqualTo(ProblemType.NOT_FOUND.uri());

    assertThatThrownBy(() -> ask("no.such.action", new JsonObject()))
        .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.problem().status()).isEqualTo(400));
  }

  @Test
  void otherServicesAppendToTheSameAuditChain() {
    JsonObject append = new JsonObject().put("id", "d-1-started").put("service", "deployer")
        .put("action", "deployment.started").put("subject", "deployments/d-1").put("details", new JsonObject().put("env", "staging"));
    JsonObject record = ask(RegistryCommands.APPEND_AUDIT, append);
    assertThat(record.getString("actor")).isEqualTo("pipeline");
    assertThat(record.getString("service")).isEqualTo("deployer");
    assertThat(ask(RegistryCommands.APPEND_AUDIT, append).getLong("seq")).as("the same id again is the same record")
        .isEqualTo(record.getLong("seq"));
    assertThat(ask(RegistryCommands.AUDIT_HEAD, new JsonObject()).getLong("seq")).isEqualTo(record.getLong("seq"));
    assertThat(ask(RegistryCommands.VERIFY_AUDIT, new JsonObject()).getBoolean("valid")).isTrue();

    assertThatThrownBy(() -> ask(RegistryCommands.APPEND_AUDIT, new JsonObject().put("action", "x").put("subject", "y")))
        .as("a record without the appending service and its id").isInstanceOfSatisfying(ProblemException.class,
            p -> assertThat(p.problem().errors()).extracting(e -> e.path()).containsExactly("/id", "/service"));
  }

  @Test
  void malformedCommandsAreRefusedWithA400AndLeaveTheAuditChainVerifiable(Vertx vertx) {
    ReplyException notJson = (ReplyException) catchFailure(() -> vertx.eventBus().request(Addresses.REGISTRY, "just text",
        new DeliveryOptions().addHeader("action", RegistryCommands.GET_WORKFLOW)).await());
    assertThat(notJson.failureCode()).isEqualTo(400);

    ReplyException anonymous = (ReplyException) catchFailure(() -> vertx.eventBus().request(Addresses.REGISTRY,
        new JsonObject().put("key", "nobody").put("name", "Nobody's"),
        new DeliveryOptions().addHeader("action", RegistryCommands.CREATE_WORKFLOW)).await());
    assertThat(anonymous.failureCode()).isEqualTo(400);

    assertThatThrownBy(() -> ask(RegistryCommands.CREATE_VERSION,
        new JsonObject().put("workflow", "via-bus").put("bump", "patch").put("definition", "not an object")))
        .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.problem().status()).isEqualTo(400));

    JsonObject nulls = vertx.eventBus().<JsonObject>request(Addresses.REGISTRY,
        new JsonObject().put("key", "with-nulls").put("name", "With nulls").putNull("description"),
        new DeliveryOptions().addHeader("action", RegistryCommands.CREATE_WORKFLOW).addHeader("actor", "ci")
            .addHeader("request-id", "")).await().body();
    assertThat(nulls.getString("description")).isEmpty();
    assertThat(ask(RegistryCommands.VERIFY_AUDIT, new JsonObject()).getBoolean("valid")).isTrue();
  }

  private static Throwable catchFailure(Runnable call) {
    try {
      call.run();
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError("the call succeeded");
  }
}
