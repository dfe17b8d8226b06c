package io.axon.deploy.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.deployer.DeployerMain;
import io.axon.deploy.engine.EngineMain;
import io.axon.deploy.gateway.GatewayMain;
import io.axon.deploy.monitor.MonitorMain;
import io.axon.deploy.registry.RegistryMain;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The topology of docker-compose.yml as separate local processes, clustered on loopback: the
 * registry, deployer, monitor and gateway each in its own JVM, and two engine processes per
 * environment. A version is deployed and executed through the gateway, and an engine process is
 * killed with SIGKILL under load.
 */
class ClusteredTopologyTest {
  private static final String TOKEN = "topology-admin-token";
  private static final List<String> ENVIRONMENTS = List.of("development", "staging", "production");
  private final ClusterProcesses processes = new ClusterProcesses("topology-test");
  private final String database = RunningSuite.newDatabaseName();
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() throws InterruptedException {
    processes.close();
    vertx.close().await();
    RunningSuite.dropDatabase(database);
  }

  @Test
  void aVersionDeployedAcrossTheClusterIsExecutedAndSurvivesAnEngineKilledUnderLoad() throws Exception {
    int httpPort = RunningSuite.freePort();
    Map<String, String> env = ClusterProcesses.settings(database, httpPort, TOKEN);
    processes.start("registry", RegistryMain.class, env);
    processes.start("deployer", DeployerMain.class, env);
    int monitorPort = RunningSuite.freePort();
    processes.start("monitor", MonitorMain.class, with(env, Map.of("AXON_MONITOR_HTTP_PORT", Integer.toString(monitorPort))));
    processes.start("gateway", GatewayMain.class, env);
    for (String environment : ENVIRONMENTS) {
      for (int i = 1; i <= 2; i++) {
        processes.start(environment + "-" + i, EngineMain.class, with(env, Map.of("AXON_ENGINE_ENVIRONMENT", environment,
            "AXON_ENGINE_INSTANCE_ID", environment + "-" + i, "AXON_ENGINE_PORT", Integer.toString(RunningSuite.freePort()),
            "AXON_GATEWAY_URL", "http://127.0.0.1:" + httpPort, "AXON_ENGINE_TOKEN", TOKEN)));
      }
    }
    WebClient http = WebClient.create(vertx);
    processes.awaitReady(http, httpPort);
    for (String environment : ENVIRONMENTS) {
      awaitInstances(http, httpPort, environment, list -> list.size() == 2
          && list.stream().allMatch(i -> i.getString("status").equals("healthy")));
    }

    assertThat(post(http, httpPort, "/api/v1/workflows", new JsonObject().put("key", "orders").put("name", "Orders"))
        .statusCode()).isEqualTo(201);
    assertThat(post(http, httpPort, "/api/v1/workflows/orders/versions",
        new JsonObject().put("version", "1.0.0").put("definition", Definitions.valid(1))).statusCode()).isEqualTo(201);
    HttpResponse<Buffer> accepted = post(http, httpPort, "/api/v1/environments/development/deployments",
        new JsonObject().put("workflow", "orders").put("version", "1.0.0"));
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    String id = accepted.bodyAsJsonObject().getString("id");
    Instant deadline = Instant.now().plusSeconds(30);
    String status;
    do {
      Thread.sleep(100); // the test thread polls; no event loop waits here
      status = get(http, httpPort, "/api/v1/deployments/" + id).bodyAsJsonObject().getString("status");
    } while (status.equals("in_progress") && Instant.now().isBefore(deadline));
    assertThat(status).isEqualTo("succeeded");

    List<String> servedBy = execute(http, httpPort, 40);
    assertThat(servedBy).containsOnly("development-1", "development-2").contains("development-1", "development-2");

    // SIGKILL one engine process under load: it cannot leave discovery; the monitor finds it out
    List<String> after = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Integer> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread load = new Thread(() -> {
      Instant until = Instant.now().plusSeconds(6);
      while (Instant.now().isBefore(until)) {
        for (HttpResponse<Buffer> answer : executeAnswers(http, httpPort, 8)) {
          if (answer.statusCode() != 200) {
            failures.add(answer.statusCode());
          }
        }
      }
    });
    load.start();
    Thread.sleep(500);
    processes.kill("development-1");
    Instant killedAt = Instant.now();
    awaitInstances(http, httpPort, "development", list -> list.stream()
        .anyMatch(i -> i.getString("instanceId").equals("development-1") && i.getString("status").equals("unhealthy")));
    // DataPlaneTest holds the standalone suite to 3 s; ten JVMs on two cores (a deployer, gateways and
    // the roster's heartbeats beside the monitor) have measured 3.5-5.1 s since progressive delivery
    assertThat(Duration.between(killedAt, Instant.now()).toMillis()).as("ms to mark the killed engine unhealthy")
        .isLessThanOrEqualTo(6_000);
    load.join();
    assertThat(failures).as("only requests in flight when it died may fail").hasSizeLessThanOrEqualTo(8);
    assertThat(execute(http, httpPort, 40)).containsOnly("development-2");

    String metrics = vertx.createHttpClient().request(io.vertx.core.http.HttpMethod.GET, monitorPort, "127.0.0.1", "/metrics")
        .compose(request -> request.send()).compose(response -> response.body()).await().toString();
    assertThat(metrics).contains("axon_executions_total{").contains("workflow=\"orders\"");
  }

  private static Map<String, String> with(Map<String, String> base, Map<String, String> more) {
    Map<String, String> merged = new HashMap<>(base);
    merged.putAll(more);
    return merged;
  }

  private List<String> execute(WebClient http, int port, int count) {
    return executeAnswers(http, port, count).stream().map(a -> {
      assertThat(a.statusCode()).as(a.bodyAsString()).isEqualTo(200);
      return a.getHeader("X-Axon-Instance");
    }).toList();
  }

  private List<HttpResponse<Buffer>> executeAnswers(WebClient http, int port, int count) {
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sent.add(http.post(port, "127.0.0.1", "/api/v1/environments/development/workflows/orders/executions")
          .bearerTokenAuthentication(TOKEN).sendJsonObject(new JsonObject().put("input", new JsonObject())));
    }
    Future.join(sent).await();
    return sent.stream().filter(Future::succeeded).map(Future::result).toList();
  }

  private static HttpResponse<Buffer> post(WebClient http, int port, String path, JsonObject body) {
    return http.post(port, "127.0.0.1", path).bearerTokenAuthentication(TOKEN).sendJsonObject(body).await();
  }

  private static HttpResponse<Buffer> get(WebClient http, int port, String path) {
    return http.get(port, "127.0.0.1", path).bearerTokenAuthentication(TOKEN).send().await();
  }

  private static List<JsonObject> awaitInstances(WebClient http, int port, String environment,
      java.util.function.Predicate<List<JsonObject>> ready) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    List<JsonObject> instances = List.of();
    while (Instant.now().isBefore(deadline)) {
      HttpResponse<Buffer> answer = get(http, port, "/api/v1/environments/" + environment + "/instances");
      if (answer.statusCode() == 200) {
        instances = answer.bodyAsJsonObject().getJsonArray("items", new JsonArray()).stream()
            .map(JsonObject.class::cast).toList();
        if (ready.test(instances)) {
          return instances;
        }
      }
      Thread.sleep(50); // the test thread polls; no event loop waits here
    }
    throw new AssertionError("the instances of " + environment + " never got there: " + instances);
  }


}
