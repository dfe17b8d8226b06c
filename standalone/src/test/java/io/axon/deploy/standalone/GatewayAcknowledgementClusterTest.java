package io.axon.deploy.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.axon.deploy.common.bus.Addresses;
import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.cluster.ServiceLauncher;
import io.axon.deploy.common.cluster.VertxRuntime;
import io.axon.deploy.common.config.AxonConfig;
import io.axon.deploy.common.deployer.DeployerCommands;
import io.axon.deploy.common.error.ProblemException;
import io.axon.deploy.deployer.DeployerMain;
import io.axon.deploy.engine.EngineSettings;
import io.axon.deploy.engine.Engines;
import io.axon.deploy.engine.nodes.Gateway;
import io.axon.deploy.gateway.GatewayMain;
import io.axon.deploy.monitor.MonitorVerticle;
import io.axon.deploy.registry.RegistryVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two gateway processes and a deployer process, clustered on loopback with this JVM, which runs the
 * registry, the monitor and an engine instance, and asks the deployer's roster over the bus.
 * Both gateways acknowledge a routing change; one stopped with SIGSTOP (alive, holding its sockets,
 * silent) fails the wait for the next revision by name within its timeout, and acknowledges it once
 * SIGCONT lets it go on; one stopped with SIGTERM is no longer counted.
 */
class GatewayAcknowledgementClusterTest {
  private static final String TOKEN = "ack-admin-token";
  private static final String ROUTING = "/api/v1/environments/development/workflows/orders/routing";
  private final ClusterProcesses processes = new ClusterProcesses("gateway-ack-test");
  private final String database = RunningSuite.newDatabaseName();
  private final Vertx vertx = Vertx.vertx();
  private VertxRuntime member;

  @AfterEach
  void stop() throws InterruptedException {
    processes.close();
    if (member != null) {
      member.vertx().close().await();
    }
    vertx.close().await();
    RunningSuite.dropDatabase(database);
  }

  @Test
  void aSuspendedGatewayFailsTheWaitByNameAndAcknowledgesOnceItGoesOn() throws Exception {
    int portA = RunningSuite.freePort();
    int portB = RunningSuite.freePort();
    Map<String, String> env = ClusterProcesses.settings(database, portA, TOKEN);
    env.put("AXON_INSTANCES", "2");
    processes.start("deployer", DeployerMain.class, env);
    processes.start("gateway-a", GatewayMain.class, with(env, Map.of("AXON_GATEWAY_ID", "gateway-a")));
    processes.start("gateway-b", GatewayMain.class, with(env, Map.of("AXON_GATEWAY_ID", "gateway-b",
        "AXON_HTTP_PORT", Integer.toString(portB))));
    // the registry, the monitor and an engine instance in this JVM's member: three JVMs fewer on two cores
    AxonConfig config = AxonConfig.from(env);
    member = VertxRuntime.clustered(config.cluster()).await();
    ServiceLauncher.deploy(member, config, RegistryVerticle::prepare).await();
    MonitorVerticle.deploy(member, config).await();
    Engines.start(member.vertx(), new EngineSettings("development-1", "development", "127.0.0.1", "127.0.0.1", 0, 1,
        new Gateway(Optional.empty(), Optional.empty(), "development"), 256 * 1024, Optional.empty(), "port")).await();
    BusClient bus = new BusClient(member.vertx().eventBus(), 10_000);
    WebClient http = WebClient.create(vertx);
    processes.awaitReady(http, portA);
    processes.awaitReady(http, portB);

    assertThat(post(http, portA, "/api/v1/workflows", new JsonObject().put("key", "orders").put("name", "Orders")).statusCode())
        .isEqualTo(201);
    for (String version : List.of("1.0.0", "1.1.0")) {
      assertThat(post(http, portA, "/api/v1/workflows/orders/versions", new JsonObject().put("version", version)
          .put("definition", Definitions.valid(version))).statusCode()).isEqualTo(201);
      assertThat(deploy(http, portA, version)).isEqualTo("succeeded");
    }
    awaitGateways(http, portA, List.of("gateway-a", "gateway-b"));

    // both acknowledge a change made through one of them
    long started = System.nanoTime();
    long first = routeAllTo(http, portA, "1.0.0");
    assertThat(acknowledged(bus, first, 5_000).getJsonArray("gateways")).containsExactly("gateway-a", "gateway-b");
    assertThat((System.nanoTime() - started) / 1_000_000).as("ms from the PUT to both acknowledgements").isLessThan(2_000);
    assertThat(version(http, portB)).isEqualTo("1.0.0");

    // gateway-b stopped with SIGSTOP: still counted (it was heard from within 3 s), but silent
    processes.suspend("gateway-b");
    long second = routeAllTo(http, portA, "1.1.0");
    long waited = System.nanoTime();
    assertThatThrownBy(() -> acknowledged(bus, second, 1_000)).isInstanceOfSatisfying(ProblemException.class, failure -> {
      assertThat(failure.problem().status()).isEqualTo(504);
      assertThat(failure.problem().detail()).isEqualTo("gateway gateway-b did not acknowledge revision " + second
          + " of the routing of orders in development within 1000 ms (acknowledged by gateway-a)");
    });
    assertThat((System.nanoTime() - waited) / 1_000_000).as("ms until the wait failed").isBetween(1_000L, 2_000L);

    // SIGCONT: gateway-b takes the revision it was sent while stopped and acknowledges it
    processes.resume("gateway-b");
    assertThat(acknowledged(bus, second, 5_000).getJsonArray("gateways")).containsExactly("gateway-a", "gateway-b");
    assertThat(version(http, portB)).isEqualTo("1.1.0");

    // gateway-b stopped with SIGTERM says so: no longer counted, well before the staleness window
    processes.stop("gateway-b");
    awaitGateways(http, portA, List.of("gateway-a"));
    long third = routeAllTo(http, portA, "1.0.0");
    assertThat(acknowledged(bus, third, 2_000).getJsonArray("gateways")).containsExactly("gateway-a");
  }

  private static Map<String, String> with(Map<String, String> base, Map<String, String> more) {
    Map<String, String> merged = new HashMap<>(base);
    merged.putAll(more);
    return merged;
  }

  private static JsonObject acknowledged(BusClient bus, long revision, long timeoutMs) {
    return bus.request(Addresses.DEPLOYER, DeployerCommands.AWAIT_ROUTING, new JsonObject().put("environment", "development")
        .put("workflow", "orders").put("revision", revision).put("timeoutMs", timeoutMs), null, null).await().json();
  }

  private static long routeAllTo(WebClient http, int port, String version) {
    HttpResponse<Buffer> set = http.put(port, "127.0.0.1", ROUTING).bearerTokenAuthentication(TOKEN)
        .sendJsonObject(new JsonObject().put("routes", new JsonArray().add(new JsonObject().put("version", version)
            .put("weight", 100)))).await();
    assertThat(set.statusCode()).as(set.bodyAsString()).isEqualTo(200);
    return set.bodyAsJsonObject().getLong("revision");
  }

  private static String version(WebClient http, int port) {
    HttpResponse<Buffer> executed = http.post(port, "127.0.0.1", "/api/v1/environments/development/workflows/orders/executions")
        .bearerTokenAuthentication(TOKEN).sendJsonObject(new JsonObject().put("input", new JsonObject())).await();
    assertThat(executed.statusCode()).as(executed.bodyAsString()).isEqualTo(200);
    return executed.getHeader("X-Axon-Version");
  }

  /** Waits until GET /api/v1/gateways lists exactly {@code ids}. */
  private static void awaitGateways(WebClient http, int port, List<String> ids) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 2_500; // below the staleness window: a gateway that stops says so
    List<String> listed = List.of();
    while (System.currentTimeMillis() < deadline) {
      HttpResponse<Buffer> answer = http.get(port, "127.0.0.1", "/api/v1/gateways").bearerTokenAuthentication(TOKEN).send().await();
      if (answer.statusCode() == 200) {
        listed = answer.bodyAsJsonObject().getJsonArray("items").stream()
            .map(item -> ((JsonObject) item).getString("gatewayId")).toList();
        if (listed.equals(ids)) {
          return;
        }
      }
      Thread.sleep(50); // the test thread polls; no event loop waits here
    }
    throw new AssertionError("the gateways listed are " + listed + ", not " + ids);
  }

  private static String deploy(WebClient http, int port, String version) throws InterruptedException {
    HttpResponse<Buffer> accepted = post(http, port, "/api/v1/environments/development/deployments",
        new JsonObject().put("workflow", "orders").put("version", version));
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    String id = accepted.bodyAsJsonObject().getString("id");
    long deadline = System.currentTimeMillis() + 60_000;
    String status;
    do {
      Thread.sleep(100); // the test thread polls; no event loop waits here
      status = http.get(port, "127.0.0.1", "/api/v1/deployments/" + id).bearerTokenAuthentication(TOKEN).send().await()
          .bodyAsJsonObject().getString("status");
    } while (status.equals("in_progress") && System.currentTimeMillis() < deadline);
    return status;
  }

  private static HttpResponse<Buffer> post(WebClient http, int port, String path, JsonObject body) {
    return http.post(port, "127.0.0.1", path).bearerTokenAuthentication(TOKEN).sendJsonObject(body).await();
  }
}
