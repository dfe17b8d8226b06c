package io.axon.deploy.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.deployer.DeployerMain;
import io.axon.deploy.engine.EngineMain;
import io.axon.deploy.gateway.GatewayMain;
import io.axon.deploy.monitor.MonitorMain;
import io.axon.deploy.registry.RegistryMain;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The deployer killed with SIGKILL while a deployment is in progress: the gateway goes on routing by
 * the tables it has, and the next deployer process carries the deployment on from where it stood.
 */
class DeployerCrashTest {
  private static final String TOKEN = "crash-admin-token";
  private final ClusterProcesses processes = new ClusterProcesses("deployer-crash-test");
  private final String database = RunningSuite.newDatabaseName();
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() throws InterruptedException {
    processes.close();
    vertx.close().await();
    RunningSuite.dropDatabase(database);
  }

  @Test
  void aDeploymentInProgressWhenItsDeployerIsKilledIsCarriedOnByTheNextOne() throws Exception {
    int httpPort = RunningSuite.freePort();
    Map<String, String> env = ClusterProcesses.settings(database, httpPort, TOKEN);
    processes.start("registry", RegistryMain.class, env);
    processes.start("deployer", DeployerMain.class, env);
    processes.start("monitor", MonitorMain.class, with(env, "AXON_MONITOR_HTTP_PORT", Integer.toString(RunningSuite.freePort())));
    processes.start("gateway", GatewayMain.class, env);
    processes.start("development-1", EngineMain.class, engine(env, "development"));
    WebClient http = WebClient.create(vertx);
    processes.awaitReady(http, httpPort);

    assertThat(post(http, httpPort, "/api/v1/workflows", new JsonObject().put("key", "orders").put("name", "Orders"))
        .statusCode()).isEqualTo(201);
    assertThat(post(http, httpPort, "/api/v1/workflows/orders/versions",
        new JsonObject().put("version", "1.0.0").put("definition", Definitions.valid(1))).statusCode()).isEqualTo(201);
    assertThat(post(http, httpPort, "/api/v1/workflows/orders/versions/1.0.0/publish", new JsonObject()).statusCode())
        .isEqualTo(200);
    String development = deploy(http, httpPort, "development");
    assertThat(awaitEnd(http, httpPort, development)).isEqualTo("succeeded");

    // staging has no engine yet: its deployment stays in progress, and its deployer dies under it
    String staging = deploy(http, httpPort, "staging");
    processes.kill("deployer");
    assertThat(status(http, httpPort, staging)).as("no deployer answers while it is away").isNull();
    assertThat(execute(http, httpPort).statusCode()).as("the gateway routes by the last tables it had").isEqualTo(200);

    Map<String, String> stagingEngine = engine(env, "staging");
    processes.start("staging-1", EngineMain.class, stagingEngine);
    awaitHealthy(http, Integer.parseInt(stagingEngine.get("AXON_ENGINE_PORT")));
    processes.start("deployer-again", DeployerMain.class, env);
    assertThat(awaitEnd(http, httpPort, staging)).isEqualTo("succeeded");
    JsonObject routing = http.get(httpPort, "127.0.0.1", "/api/v1/environments/staging/workflows/orders/routing")
        .bearerTokenAuthentication(TOKEN).send().await().bodyAsJsonObject();
    assertThat(routing.getJsonArray("routes").getJsonObject(0).getString("deploymentId")).isEqualTo(staging);
    assertThat(routing.getJsonObject("hosts").getJsonArray("1.0.0")).containsExactly("staging-1");
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> merged = new HashMap<>(base);
    merged.put(key, value);
    return merged;
  }

  private static Map<String, String> engine(Map<String, String> env, String environment) {
    Map<String, String> engine = with(env, "AXON_ENGINE_ENVIRONMENT", environment);
    engine.put("AXON_ENGINE_INSTANCE_ID", environment + "-1");
    engine.put("AXON_ENGINE_PORT", Integer.toString(RunningSuite.freePort()));
    return engine;
  }

  private static void awaitHealthy(WebClient http, int port) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      try {
        if (http.get(port, "127.0.0.1", "/health").send().await().statusCode() == 200) {
          return;
        }
      } catch (Exception notYet) { // refused until the engine listens
      }
      Thread.sleep(200); // the test thread polls; no event loop waits here
    }
    throw new AssertionError("the engine on port " + port + " never answered /health");
  }

  private static String deploy(WebClient http, int port, String environment) {
    HttpResponse<Buffer> accepted = post(http, port, "/api/v1/environments/" + environment + "/deployments",
        new JsonObject().put("workflow", "orders").put("version", "1.0.0"));
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    return accepted.bodyAsJsonObject().getString("id");
  }

  /** The deployment's status, or null when the deployer cannot be asked. */
  private static String status(WebClient http, int port, String id) {
    HttpResponse<Buffer> read = http.get(port, "127.0.0.1", "/api/v1/deployments/" + id).bearerTokenAuthentication(TOKEN)
        .send().await();
    return read.statusCode() == 200 ? read.bodyAsJsonObject().getString("status") : null;
  }

  private static String awaitEnd(WebClient http, int port, String id) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(90);
    String status;
    do {
      Thread.sleep(200); // the test thread polls; no event loop waits here
      status = status(http, port, id);
    } while ((status == null || status.equals("in_progress")) && Instant.now().isBefore(deadline));
    return status;
  }

  private static HttpResponse<Buffer> execute(WebClient http, int port) {
    return post(http, port, "/api/v1/environments/development/workflows/orders/executions",
        new JsonObject().put("input", new JsonObject()));
  }

  private static HttpResponse<Buffer> post(WebClient http, int port, String path, JsonObject body) {
    return http.post(port, "127.0.0.1", path).bearerTokenAuthentication(TOKEN).sendJsonObject(body).await();
  }
}
