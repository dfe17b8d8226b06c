package io.axon.deploy.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.axon.deploy.common.bus.Addresses;
import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.deployer.DeployerCommands;
import io.axon.deploy.common.error.ProblemException;
import io.axon.deploy.engine.EngineSettings;
import io.axon.deploy.engine.Engines;
import io.axon.deploy.engine.nodes.Gateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * "No unverified traffic" on the standalone suite: a gateway with three event loops acknowledges each
 * routing revision the deployer writes, the deployer's roster (over the bus, and GET /api/v1/gateways)
 * knows it, and once a revision is acknowledged not one execution on any event loop goes by the
 * revision before.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoutingAcknowledgementTest {
  private static final String TOKEN = RunningSuite.ADMIN_TOKEN;
  private static final String ROUTING = "/api/v1/environments/development/workflows/orders/routing";
  private static final String EXECUTIONS = "/api/v1/environments/development/workflows/orders/executions";
  private static final int EVENT_LOOPS = 3;
  /** Enough connections that the gateway's accept spreads them over every one of its event loops. */
  private static final int CONNECTIONS = 4 * EVENT_LOOPS;
  private RunningSuite suite;
  private BusClient bus;
  private Vertx loadVertx;
  private WebClient load;

  @BeforeAll
  void start() {
    suite = RunningSuite.start(RunningSuite.newDatabaseName(), Map.of("AXON_INSTANCES", Integer.toString(EVENT_LOOPS)));
    Engines.start(suite.vertx(), new EngineSettings("development-1", "development", "127.0.0.1", "127.0.0.1", 0, 1,
        new Gateway(Optional.empty(), Optional.empty(), "development"), 256 * 1024, Optional.empty(), "port")).await();
    bus = new BusClient(suite.vertx().eventBus(), 10_000);
    loadVertx = Vertx.vertx();
    load = WebClient.create(loadVertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(suite.port()),
        new PoolOptions().setHttp1MaxSize(CONNECTIONS));
    assertThat(suite.post("/api/v1/workflows", TOKEN, new JsonObject().put("key", "orders").put("name", "Orders")).status())
        .isEqualTo(201);
    for (String version : List.of("1.0.0", "1.1.0")) {
      assertThat(suite.post("/api/v1/workflows/orders/versions", TOKEN, new JsonObject().put("version", version)
          .put("definition", Definitions.valid(version))).status()).isEqualTo(201);
      assertThat(deploy(version)).isEqualTo("succeeded");
    }
  }

  @AfterAll
  void stop() {
    load.close();
    loadVertx.close().await();
    suite.close();
  }

  private String deploy(String version) {
    Reply accepted = suite.post("/api/v1/environments/development/deployments", TOKEN,
        new JsonObject().put("workflow", "orders").put("version", version).put("reason", "test"));
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    long deadline = System.currentTimeMillis() + 30_000;
    String status;
    do {
      status = suite.get("/api/v1/deployments/" + accepted.json().getString("id"), TOKEN).json().getString("status");
    } while (status.equals("in_progress") && System.currentTimeMillis() < deadline && pause(50));
    return status;
  }

  private static boolean pause(long ms) {
    try {
      Thread.sleep(ms); // the test thread, never an event loop
      return true;
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends every execution to {@code version}; the new revision. */
  private long routeAllTo(String version) {
    Reply set = suite.send(HttpMethod.PUT, ROUTING, TOKEN, Buffer.buffer(new JsonObject().put("routes", new JsonArray()
        .add(new JsonObject().put("version", version).put("weight", 100))).encode()), Map.of());
    assertThat(set.status()).as(set.toString()).isEqualTo(200);
    return set.json().getLong("revision");
  }

  private JsonObject awaitAcknowledged(long revision, long timeoutMs) {
    return bus.request(Addresses.DEPLOYER, DeployerCommands.AWAIT_ROUTING, new JsonObject().put("environment", "development")
        .put("workflow", "orders").put("revision", revision).put("timeoutMs", timeoutMs), null, null).await().json();
  }

  /** {@code waves} waves of {@code CONNECTIONS} concurrent executions; the version each answered with. */
  private List<String> execute(int waves) {
    Buffer body = Buffer.buffer(new JsonObject().put("input", new JsonObject()).encode());
    List<String> versions = new ArrayList<>();
    for (int wave = 0; wave < waves; wave++) {
      List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
      for (int i = 0; i < CONNECTIONS; i++) {
        sent.add(load.post(EXECUTIONS).bearerTokenAuthentication(TOKEN).putHeader("Content-Type", "application/json")
            .sendBuffer(body));
      }
      Future.all(sent).await();
      sent.forEach(answer -> {
        assertThat(answer.result().statusCode()).as(answer.result().bodyAsString()).isEqualTo(200);
        versions.add(answer.result().getHeader("X-Axon-Version"));
      });
    }
    return versions;
  }

  @Test
  @Order(1)
  void aRoutingChangeIsAcknowledgedByTheGatewayWithinASecondAndTheRosterListsIt() {
    long started = System.nanoTime();
    long revision = routeAllTo("1.0.0");
    JsonObject acknowledged = awaitAcknowledged(revision, 2_000);
    long ms = (System.nanoTime() - started) / 1_000_000;
    assertThat(acknowledged.getJsonArray("gateways")).hasSize(1);
    assertThat(ms).as("ms from the PUT to every gateway's acknowledgement").isLessThan(1_000);

    List<JsonObject> gateways = suite.get("/api/v1/gateways", TOKEN).items();
    assertThat(gateways).singleElement().satisfies(gateway -> {
      assertThat(gateway.getString("gatewayId")).isEqualTo(acknowledged.getJsonArray("gateways").getString(0));
      assertThat(gateway.getInteger("eventLoops")).isEqualTo(EVENT_LOOPS);
      assertThat(gateway.getJsonArray("revisions")).contains(new JsonObject().put("environment", "development")
          .put("workflow", "orders").put("revision", revision));
    });
    JsonObject listed = bus.request(Addresses.DEPLOYER, DeployerCommands.LIST_GATEWAYS, new JsonObject(), null, null)
        .await().json();
    assertThat(listed.getJsonArray("items")).hasSize(1);
  }

  @Test
  @Order(2)
  void onceARevisionIsAcknowledgedNoEventLoopRoutesByTheOneBefore() {
    assertThat(execute(2)).as("every connection open and on the old version").containsOnly("1.0.0");
    String to = "1.1.0";
    for (int flip = 0; flip < 6; flip++) {
      long revision = routeAllTo(to);
      awaitAcknowledged(revision, 2_000);
      assertThat(execute(5)).as("executions after revision " + revision + " was acknowledged").containsOnly(to);
      to = to.equals("1.1.0") ? "1.0.0" : "1.1.0";
    }
  }

  @Test
  @Order(3)
  void aRevisionNoGatewayHasReachedFailsTheWaitWithA504NamingTheGateway() {
    String gatewayId = suite.get("/api/v1/gateways", TOKEN).items().get(0).getString("gatewayId");
    long current = suite.get(ROUTING, TOKEN).json().getLong("revision");
    long started = System.nanoTime();
    assertThatThrownBy(() -> awaitAcknowledged(current + 1, 300)).as("a revision not written yet cannot be acknowledged")
        .isInstanceOfSatisfying(ProblemException.class, failure -> {
          assertThat(failure.problem().status()).isEqualTo(504);
          assertThat(failure.problem().detail()).isEqualTo("gateway " + gatewayId + " did not acknowledge revision "
              + (current + 1) + " of the routing of orders in development within 300 ms");
        });
    assertThat((System.nanoTime() - started) / 1_000_000).isBetween(300L, 2_000L);
  }
}
