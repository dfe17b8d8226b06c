package io.axon.deploy.standalone;

import io.axon.deploy.common.cluster.VertxRuntime;
import io.axon.deploy.common.config.AxonConfig;
import io.axon.deploy.common.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The standalone suite started for one test class on its own fresh database, with a real HTTP
 * client in front of it. Calls block the test thread (never an event loop) until the answer comes.
 */
public final class RunningSuite implements AutoCloseable {
  public static final String ADMIN_TOKEN = "test-admin-token";

  private final String database;
  private final VertxRuntime runtime;
  private final Vertx clientVertx;
  private final WebClient http;
  private final int port;

  private RunningSuite(String database, VertxRuntime runtime, int port) {
    this.database = database;
    this.port = port;
    this.runtime = runtime;
    this.clientVertx = Vertx.vertx();
    this.http = WebClient.create(clientVertx, new WebClientOptions()
        .setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  public static RunningSuite start() {
    return start(newDatabaseName(), Map.of());
  }

  public static String newDatabaseName() {
    return TestDatabase.newName();
  }

  /** Starts the suite on {@code database}; {@code env} adds to or overrides the test configuration. */
  public static RunningSuite start(String database, Map<String, String> env) {
    int port = freePort();
    Map<String, String> settings = new java.util.HashMap<>(Map.of(
        "AXON_PG_URL", pgUrl(database),
        "AXON_HTTP_HOST", "127.0.0.1",
        "AXON_HTTP_PORT", Integer.toString(port),
        "AXON_ADMIN_TOKEN", ADMIN_TOKEN,
        "AXON_MAX_BODY_BYTES", Integer.toString(256 * 1024),
        "AXON_AUDIT_KEY_FILE", TestDatabase.auditKeyFile(database).toString(),
        "AXON_SECRETS_KEY_FILE", TestDatabase.secretsKeyFile(database).toString(),
        "AXON_ENGINES_PER_ENVIRONMENT", "0",
        "AXON_ENGINE_BASE_PORT", "0"));
    settings.putAll(env);
    settings.values().removeIf(String::isEmpty);
    VertxRuntime runtime = Standalone.start(AxonConfig.from(settings)).await();
    return new RunningSuite(database, runtime, port);
  }

  public static String pgUrl(String database) {
    return TestDatabase.url(database);
  }

  public Reply get(String path, String token) {
    return send(HttpMethod.GET, path, token, null, Map.of());
  }

  public Reply post(String path, String token, JsonObject body) {
    return send(HttpMethod.POST, path, token, body == null ? null : Buffer.buffer(body.encode()), Map.of());
  }

  public Reply send(HttpMethod method, String path, String token, Buffer body, Map<String, String> headers) {
    HttpRequest<Buffer> request = http.request(method, path).timeout(30_000);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    headers.forEach(request::putHeader);
    Future<HttpResponse<Buffer>> sent;
    if (body == null) {
      sent = request.send();
    } else {
      request.putHeader("Content-Type", headers.getOrDefault("Content-Type", "application/json"));
      sent = request.sendBuffer(body);
    }
    return Reply.of(sent.await());
  }

  /** Runs SQL straight against this suite's database, as an intruder or an operator would. */
  public void sql(String statement) {
    try (Connection connection = TestDatabase.connect(database); Statement sql = connection.createStatement()) {
      sql.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first column of every row {@code query} returns. */
  public java.util.List<String> sqlColumn(String query) {
    try (Connection connection = TestDatabase.connect(database);
         Statement sql = connection.createStatement();
         java.sql.ResultSet rows = sql.executeQuery(query)) {
      java.util.List<String> values = new java.util.ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public int port() {
    return port;
  }

  public String database() {
    return database;
  }

  public Vertx vertx() {
    return runtime.vertx();
  }

  /** Stops the suite and keeps its database. */
  public void stop() {
    http.close();
    clientVertx.close().await();
    runtime.vertx().close().await();
  }

  /** Stops the suite and drops its database. */
  @Override
  public void close() {
    stop();
    dropDatabase(database);
  }

  public static void dropDatabase(String database) {
    TestDatabase.drop(database);
  }

  /**
   * A port free on loopback now, for a process to bind later. Taken below Linux's ephemeral range
   * (32768 and up), where outgoing connections and {@code bind(0)} never land: a port the kernel
   * handed out as ephemeral was seen taken by another process's connection (ten clustered JVMs)
   * before the gateway it was meant for could bind it. Never the same port twice in one test JVM.
   */
  public static int freePort() {
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = 20_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(12_000);
      if (!HANDED_OUT.add(port)) {
        continue;
      }
      try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException inUse) {
        // another one
      }
    }
    throw new IllegalStateException("no free port on loopback from 20000 to 31999");
  }

  private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();
}
