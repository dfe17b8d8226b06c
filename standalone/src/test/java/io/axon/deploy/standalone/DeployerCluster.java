package io.axon.deploy.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.testing.TestDatabase;
import io.axon.deploy.deployer.DeployerMain;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A clustered suite for tests that kill deployers: the control plane with two development engines
 * in one process ({@link ControlPlaneMain}), and deployers each in a process of its own, started
 * and SIGKILLed by name. The test reads the API through the gateway and the deployer's tables
 * straight from PostgreSQL, as an operator would. Closing it ends every process by its PID and
 * drops the database.
 */
final class DeployerCluster implements AutoCloseable {
  static final String TOKEN = "deployer-cluster-admin-token";
  static final int ENGINES = 2;
  private final ClusterProcesses processes;
  private final String database = RunningSuite.newDatabaseName();
  private final int port = RunningSuite.freePort();
  private final Map<String, String> env;
  private final Vertx vertx = Vertx.vertx();
  private final WebClient http = WebClient.create(vertx);

  DeployerCluster(String directory) {
    processes = new ClusterProcesses(directory);
    env = ClusterProcesses.settings(database, port, TOKEN);
    env.put("AXON_ENGINES_PER_ENVIRONMENT", Integer.toString(ENGINES));
    env.put("AXON_ENGINE_BASE_PORT", "0");
  }

  int port() {
    return port;
  }

  /** Starts the control plane and {@code deployers}, and waits until the gateway is ready and the engines healthy. */
  DeployerCluster start(String... deployers) throws Exception {
    processes.start("control-plane", ControlPlaneMain.class, env);
    for (String deployer : deployers) {
      startDeployer(deployer);
    }
    processes.awaitReady(http, port);
    for (String deployer : deployers) { // the gateway is ready with one; the others may still be starting
      processes.awaitOutput(deployer, "deployer started in cluster", java.time.Duration.ofSeconds(60));
    }
    awaitTrue(() -> healthy("development") == ENGINES, 60_000, "the development engines healthy");
    return this;
  }

  long healthy(String environment) {
    return instances(environment).stream().filter(i -> "healthy".equals(i.getString("status"))).count();
  }

  void startDeployer(String name) throws Exception {
    processes.start(name, DeployerMain.class, env);
  }

  /** SIGKILL, by the process's id. */
  void kill(String name) throws InterruptedException {
    processes.kill(name);
  }

  /** The prefix of the lease holder ids ({@code deployments.driver}) of the deployer process {@code name}. */
  String driverPrefix(String name) {
    return processes.pid(name) + "/";
  }

  /** A workflow with {@code versions}, each a valid definition of its own. */
  void workflow(String key, String... versions) {
    assertThat(post("/api/v1/workflows", new JsonObject().put("key", key).put("name", key)).statusCode()).isEqualTo(201);
    for (String version : versions) {
      HttpResponse<Buffer> created = post("/api/v1/workflows/" + key + "/versions", new JsonObject().put("version", version)
          .put("definition", Definitions.valid(key + " " + version)).put("force", true));
      assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    }
  }

  /** Starts a deployment into development; its id. */
  String deploy(String workflow, String version, Object strategy) {
    HttpResponse<Buffer> accepted = post("/api/v1/environments/development/deployments", new JsonObject()
        .put("workflow", workflow).put("version", version).put("strategy", strategy).put("reason", "test"));
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    return accepted.bodyAsJsonObject().getString("id");
  }

  /** The deployment as the API shows it, or null when no deployer answers. */
  JsonObject deployment(String id) {
    HttpResponse<Buffer> read = get("/api/v1/deployments/" + id);
    return read.statusCode() == 200 ? read.bodyAsJsonObject() : null;
  }

  JsonObject awaitDeployment(String id, Predicate<JsonObject> until, long ms, String what) {
    JsonObject[] last = new JsonObject[1];
    awaitTrue(() -> {
      last[0] = deployment(id);
      return last[0] != null && until.test(last[0]);
    }, ms, what + " (last seen: " + id + ")");
    return last[0];
  }

  JsonObject awaitStatus(String id, String status, long ms) {
    JsonObject deployment = awaitDeployment(id, d -> status.equals(d.getString("status"))
        || ended(d.getString("status")), ms, "status " + status);
    assertThat(deployment.getString("status")).as(deployment.encodePrettily()).isEqualTo(status);
    return deployment;
  }

  List<JsonObject> instances(String environment) {
    HttpResponse<Buffer> answer = get("/api/v1/environments/" + environment + "/instances");
    return answer.statusCode() != 200 ? List.of() : answer.bodyAsJsonObject().getJsonArray("items", new JsonArray())
        .stream().map(JsonObject.class::cast).toList();
  }

  JsonObject routing(String workflow) {
    return get("/api/v1/environments/development/workflows/" + workflow + "/routing").bodyAsJsonObject();
  }

  HttpResponse<Buffer> post(String path, JsonObject body) {
    return http.post(port, "127.0.0.1", path).bearerTokenAuthentication(TOKEN).timeout(30_000).sendJsonObject(body).await();
  }

  HttpResponse<Buffer> get(String path) {
    return http.get(port, "127.0.0.1", path).bearerTokenAuthentication(TOKEN).timeout(30_000).send().await();
  }

  /** The rows of {@code query} (with JDBC {@code ?} parameters), each column by its label. */
  List<Map<String, Object>> sql(String query, Object... parameters) {
    try (Connection connection = TestDatabase.connect(database);
         PreparedStatement statement = connection.prepareStatement(query)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        List<Map<String, Object>> all = new ArrayList<>();
        while (rows.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int c = 1; c <= rows.getMetaData().getColumnCount(); c++) {
            row.put(rows.getMetaData().getColumnLabel(c), rows.getObject(c));
          }
          all.add(row);
        }
        return all;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs {@code statement} (with JDBC {@code ?} parameters); how many rows it changed. */
  int update(String statement, Object... parameters) {
    try (Connection connection = TestDatabase.connect(database);
         PreparedStatement prepared = connection.prepareStatement(statement)) {
      for (int i = 0; i < parameters.length; i++) {
        prepared.setObject(i + 1, parameters[i]);
      }
      return prepared.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A connection of its own to the suite's database, for a test that samples it often. */
  Connection connect() throws SQLException {
    return TestDatabase.connect(database);
  }

  /** Who holds the lease on deployment {@code id} ({@code deployments.driver}), or null. */
  String driver(String id) {
    return (String) sql("SELECT driver FROM deployer.deployments WHERE id = ?::uuid", id).get(0).get("driver");
  }

  /**
   * How many events of {@code type} (such as {@code axon.deployment.step.started}) the deployer wrote
   * to its outbox for each step of deployment {@code id}, by step number.
   */
  Map<Integer, Long> stepEvents(String id, String type) {
    Map<Integer, Long> counts = new LinkedHashMap<>();
    sql("SELECT (event->'data'->>'seq')::int AS seq, count(*) AS n FROM deployer.outbox WHERE subject = ?"
        + " AND event->>'type' = ? GROUP BY 1 ORDER BY 1", "deployments/" + id, type)
        .forEach(row -> counts.put((Integer) row.get("seq"), (Long) row.get("n")));
    return counts;
  }

  static void awaitTrue(java.util.function.BooleanSupplier condition, long ms, String what) {
    long deadline = System.currentTimeMillis() + ms;
    while (!condition.getAsBoolean()) {
      assertThat(System.currentTimeMillis()).as("waiting for " + what).isLessThan(deadline);
      sleep(100);
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms); // the test thread polls; no event loop waits here
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Ends every process it started by its PID (SIGTERM, then SIGKILL), and drops the database. */
  @Override
  public void close() throws InterruptedException {
    try {
      processes.close();
    } finally {
      vertx.close().await();
      RunningSuite.dropDatabase(database);
    }
  }

  /** Whether a deployment in {@code status} has ended (it never leaves it). */
  private static boolean ended(String status) {
    return List.of("succeeded", "failed", "rolled_back", "aborted", "superseded").contains(status);
  }
}
