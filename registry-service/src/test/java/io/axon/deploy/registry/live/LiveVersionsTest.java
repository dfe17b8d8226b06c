package io.axon.deploy.registry.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.axon.deploy.common.bus.Actor;
import io.axon.deploy.common.bus.Addresses;
import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.bus.BusHeaders;
import io.axon.deploy.common.bus.RegistryCommands;
import io.axon.deploy.common.cluster.ServiceLauncher;
import io.axon.deploy.common.cluster.VertxRuntime;
import io.axon.deploy.common.config.AxonConfig;
import io.axon.deploy.common.db.Database;
import io.axon.deploy.common.deployer.DeployerCommands;
import io.axon.deploy.common.deployer.DeployerEvents;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemException;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.monitor.MonitorCommands;
import io.axon.deploy.common.routing.RoutingTable;
import io.axon.deploy.common.routing.RoutingTable.Route;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.common.testing.TestDatabase;
import io.axon.deploy.registry.RegistryVerticle;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The registry follows the deployer's routing tables: it refuses to archive (or to replace the
 * definition of) a version live anywhere, keeps refusing across a restart while the deployer is
 * away, heals what it missed from the deployer's whole list, and resolves dependencies against an
 * environment. The deployer and the monitor are small fakes on the bus.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveVersionsTest {
  private static final String DATABASE = TestDatabase.newName();
  private static final Actor AUTHOR = Actor.of("author", null);
  private AxonConfig config;
  private VertxRuntime runtime;
  private String registryId;
  private BusClient bus;
  /** What the fake deployer lists; it answers only while {@link #deployerUp}. */
  private final List<RoutingTable> deployerTables = new CopyOnWriteArrayList<>();
  private volatile boolean deployerUp = true;
  private final List<MessageConsumer<?>> fakes = new ArrayList<>();

  @BeforeAll
  void deploy(Vertx vertx) {
    config = AxonConfig.from(Map.of("AXON_PG_URL", TestDatabase.url(DATABASE),
        "AXON_AUDIT_KEY_FILE", TestDatabase.auditKeyFile(DATABASE).toString(), "AXON_INSTANCES", "1"));
    runtime = new VertxRuntime(vertx, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    fakes.add(vertx.eventBus().<JsonObject>consumer(Addresses.DEPLOYER, message -> {
      String action = message.headers().get(BusHeaders.ACTION);
      if (!deployerUp) {
        message.fail(503, new Problem(ProblemType.UNAVAILABLE, "the deployer is away").toJson().encode());
      } else if (DeployerCommands.LIST_ROUTING.equals(action)) {
        message.reply(new JsonObject().put("environments", new JsonArray().add("development"))
            .put("tables", new JsonArray(deployerTables.stream().map(RoutingTable::toJson).toList())));
      } else if (DeployerCommands.GET_ENVIRONMENT.equals(action) && "development".equals(message.body().getString("environment"))) {
        message.reply(new JsonObject().put("name", "development"));
      } else {
        message.fail(404, Problem.notFound("environment '" + message.body().getString("environment") + "' does not exist")
            .problem().toJson().encode());
      }
    }));
    fakes.add(vertx.eventBus().<JsonObject>consumer(Addresses.MONITOR, message -> message.reply(new JsonObject().put("items",
        new JsonArray().add(new JsonObject().put("instanceId", "development-1").put("environment", "development")
            .put("endpoint", "http://127.0.0.1:1").put("status", "healthy").put("nodeTypes", new JsonObject().put("http", "1.0.0"))
            .put("services", new JsonObject()).put("libraries", new JsonObject().put("vertx", "5.0.7")))))));
    fakes.forEach(consumer -> consumer.completion().await());
    registryId = ServiceLauncher.deploy(runtime, config, RegistryVerticle::prepare).await();
    bus = new BusClient(vertx.eventBus(), 5_000);
  }

  @AfterAll
  void dropDatabase(Vertx vertx) {
    vertx.close().await();
    TestDatabase.drop(DATABASE);
  }

  private JsonObject ask(String action, JsonObject body) {
    return bus.request(Addresses.REGISTRY, action, body, "live-test", AUTHOR).await().json();
  }

  private Problem refusal(String action, JsonObject body) {
    try {
      ask(action, body);
    } catch (ProblemException e) {
      return e.problem();
    }
    throw new AssertionError(action + " was not refused");
  }

  private void workflow(String key, String... versions) {
    ask(RegistryCommands.CREATE_WORKFLOW, new JsonObject().put("key", key).put("name", key));
    for (String version : versions) {
      create(key, version, new JsonArray());
    }
  }

  /** A version of {@code key}, published unless it is a prerelease. */
  private void create(String key, String version, JsonArray dependencies) {
    ask(RegistryCommands.CREATE_VERSION, new JsonObject().put("workflow", key).put("version", version).put("force", true)
        .put("dependencies", dependencies).put("definition", new JsonObject().put("nodes", new JsonArray()
            .add(new JsonObject().put("id", "t").put("type", "trigger").put("title", "start of " + version)))));
    if (!SemanticVersion.parse(version).isPrerelease()) {
      transition(key, version, "publish");
    }
  }

  private JsonObject transition(String key, String version, String transition) {
    return ask(RegistryCommands.TRANSITION_VERSION, new JsonObject().put("workflow", key).put("version", version)
        .put("transition", transition).put("reason", "test"));
  }

  private static RoutingTable table(String workflow, long revision, Optional<String> preview, Object... versionsAndWeights) {
    List<Route> routes = new ArrayList<>();
    for (int i = 0; i < versionsAndWeights.length; i += 2) {
      routes.add(new Route(SemanticVersion.parse((String) versionsAndWeights[i]), (Integer) versionsAndWeights[i + 1],
          Optional.of("d-" + revision)));
    }
    return new RoutingTable("development", workflow, revision, routes, preview.map(SemanticVersion::parse), Map.of());
  }

  /** Publishes the table as the deployer's outbox relay does, and waits until the registry has recorded it. */
  private void revise(Vertx vertx, RoutingTable table) {
    vertx.eventBus().publish(DeployerEvents.ADDRESS, new JsonObject().put("specversion", "1.0")
        .put("id", UUID.randomUUID().toString()).put("source", "/axon/deployer").put("type", DeployerEvents.ROUTING_REVISED)
        .put("subject", DeployerEvents.routingSubject(table.environment(), table.workflow())).put("data", table.toJson()));
    awaitRevision(table.workflow(), table.revision());
  }

  private void awaitRevision(String workflow, long revision) {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!String.valueOf(revision).equals(sql("SELECT revision FROM registry.routing_revisions WHERE environment = 'development'"
        + " AND workflow = '" + workflow + "'"))) {
      assertThat(System.currentTimeMillis()).as("revision " + revision + " of " + workflow + " recorded").isLessThan(deadline);
      pause(25);
    }
  }

  private static String sql(String query) {
    try (Connection connection = TestDatabase.connect(DATABASE); Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery(query)) {
      return rows.next() ? rows.getString(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonObject archiveBody(String workflow, String version) {
    return new JsonObject().put("workflow", workflow).put("version", version).put("transition", "archive").put("reason", "test");
  }

  @Test
  void aVersionLiveAtAnyWeightCannotBeArchivedUntilItIsReplacedThere(Vertx vertx) {
    workflow("orders", "1.0.0", "1.1.0", "1.2.0");
    revise(vertx, table("orders", 1, Optional.empty(), "1.0.0", 100));
    Problem live = refusal(RegistryCommands.TRANSITION_VERSION, archiveBody("orders", "1.0.0"));
    assertThat(live.status()).isEqualTo(409);
    assertThat(live.detail()).startsWith("version 1.0.0 of orders is live in development (weight 100; routing revision 1)");

    revise(vertx, table("orders", 2, Optional.empty(), "1.1.0", 100, "1.0.0", 0));
    assertThat(refusal(RegistryCommands.TRANSITION_VERSION, archiveBody("orders", "1.0.0")).detail())
        .as("the rollback target is live").contains("development (weight 0, kept loaded as the rollback target; routing revision 2)");

    revise(vertx, table("orders", 3, Optional.empty(), "1.2.0", 100, "1.1.0", 0));
    assertThat(transition("orders", "1.0.0", "archive").getString("status")).isEqualTo("archived");
    assertThat(refusal(RegistryCommands.TRANSITION_VERSION, archiveBody("orders", "1.1.0")).status()).isEqualTo(409);
    assertThat(transition("orders", "1.1.0", "deprecate").getString("status")).as("other moves are not checked")
        .isEqualTo("deprecated");
  }

  @Test
  void anOlderRevisionArrivingLateChangesNothing(Vertx vertx) {
    workflow("late", "1.0.0", "2.0.0");
    revise(vertx, table("late", 5, Optional.empty(), "2.0.0", 100));
    Pool pool = Database.pool(vertx, config, RegistryVerticle.SCHEMA);
    try {
      LiveVersionRepository repository = new LiveVersionRepository(pool);
      assertThat(repository.record(LiveTable.of(table("late", 4, Optional.empty(), "1.0.0", 100))).await()).isFalse();
      assertThat(repository.record(LiveTable.of(table("late", 5, Optional.empty(), "1.0.0", 100))).await())
          .as("a repeat").isFalse();
      assertThat(repository.placements(pool, "late", SemanticVersion.parse("1.0.0")).await()).isEmpty();
      assertThat(repository.placements(pool, "late", SemanticVersion.parse("2.0.0")).await())
          .extracting(Placement::revision).containsExactly(5L);
    } finally {
      pool.close().await();
    }
    assertThat(transition("late", "1.0.0", "archive").getString("status")).isEqualTo("archived");
  }

  @Test
  void aLiveDraftKeepsItsDefinitionAndAPreviewIsLiveToo(Vertx vertx) {
    workflow("drafts", "1.0.0");
    create("drafts", "1.1.0-dev.1", new JsonArray());
    create("drafts", "1.1.0-dev.2", new JsonArray());
    revise(vertx, table("drafts", 1, Optional.of("1.1.0-dev.2"), "1.1.0-dev.1", 0, "1.0.0", 100));
    JsonObject replacement = new JsonObject().put("workflow", "drafts").put("version", "1.1.0-dev.1").put("ifMatch", "*").put("force", true)
        .put("definition", new JsonObject().put("nodes", new JsonArray().add(new JsonObject().put("id", "t2").put("type", "trigger"))));
    Problem refused = refusal(RegistryCommands.REPLACE_DEFINITION, replacement);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.detail()).contains("is live in development").contains("cannot replace its definition");
    assertThat(refusal(RegistryCommands.TRANSITION_VERSION, archiveBody("drafts", "1.1.0-dev.2")).detail())
        .contains("development (preview; routing revision 1)");

    revise(vertx, table("drafts", 2, Optional.empty(), "1.0.0", 100));
    assertThat(ask(RegistryCommands.REPLACE_DEFINITION, replacement).getString("status")).isEqualTo("draft");
  }

  @Test
  void afterARestartTheRefusalHoldsBeforeTheDeployerAnswersAndAMissedRevisionIsHealedOnceItDoes(Vertx vertx) {
    workflow("restarts", "1.0.0", "1.1.0");
    revise(vertx, table("restarts", 1, Optional.empty(), "1.0.0", 100));
    deployerUp = false;
    try {
      vertx.undeploy(registryId).await();
      registryId = ServiceLauncher.deploy(runtime, config, RegistryVerticle::prepare).await();
      assertThat(refusal(RegistryCommands.TRANSITION_VERSION, archiveBody("restarts", "1.0.0")).status())
          .as("refused from what was recorded before the restart").isEqualTo(409);
      // the deployer moved on while the registry was not listening; it answers from now on
      deployerTables.add(table("restarts", 2, Optional.empty(), "1.1.0", 100));
    } finally {
      deployerUp = true;
    }
    awaitRevision("restarts", 2);
    assertThat(transition("restarts", "1.0.0", "archive").getString("status")).isEqualTo("archived");
    assertThat(refusal(RegistryCommands.TRANSITION_VERSION, archiveBody("restarts", "1.1.0")).status()).isEqualTo(409);
  }

  @Test
  void dependenciesResolveAgainstWhatIsLiveAndOfferedInAnEnvironment(Vertx vertx) {
    workflow("billing", "2.0.0");
    workflow("checkout");
    create("checkout", "1.0.0", new JsonArray()
        .add(new JsonObject().put("type", "workflow").put("name", "billing").put("constraint", "^2.0.0"))
        .add(new JsonObject().put("type", "node").put("name", "http").put("constraint", "^1.0.0"))
        .add(new JsonObject().put("type", "node").put("name", "http").put("constraint", ">=1.0.0"))
        .add(new JsonObject().put("type", "library").put("name", "vertx").put("constraint", "^5.0.0"))
        .add(new JsonObject().put("type", "node").put("name", "kafka").put("constraint", "^1.0.0")));
    JsonObject request = new JsonObject().put("workflow", "checkout").put("version", "1.0.0");

    JsonObject anywhere = ask(RegistryCommands.RESOLVE_DEPENDENCIES, request);
    assertThat(anywhere.containsKey("environment")).isFalse();
    assertThat(names(anywhere.getJsonArray("resolved"))).contains("billing");

    JsonObject development = ask(RegistryCommands.RESOLVE_DEPENDENCIES, request.copy().put("environment", "development"));
    assertThat(development.getString("environment")).isEqualTo("development");
    assertThat(names(development.getJsonArray("resolved"))).containsExactlyInAnyOrder("http", "vertx");
    assertThat(names(development.getJsonArray("missing"))).containsExactlyInAnyOrder("billing", "kafka");
    assertThat(development.getJsonArray("missing").getJsonObject(0).getString("reason"))
        .isEqualTo("no version of workflow billing is live in development");

    revise(vertx, table("billing", 1, Optional.empty(), "2.0.0", 100));
    JsonObject deployed = ask(RegistryCommands.RESOLVE_DEPENDENCIES, request.copy().put("environment", "development"));
    assertThat(names(deployed.getJsonArray("missing"))).containsExactly("kafka");

    Problem unknown = refusal(RegistryCommands.RESOLVE_DEPENDENCIES, request.copy().put("environment", "nowhere"));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.errors()).extracting(Problem.FieldError::path).containsExactly("/environment");
  }

  private static List<String> names(JsonArray entries) {
    return entries.stream().map(JsonObject.class::cast)
        .map(e -> e.containsKey("dependency") ? e.getJsonObject("dependency").getString("name") : e.getString("name")).toList();
  }
}
