package io.axon.deploy.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.deployer.DeployerMain;
import io.axon.deploy.gateway.GatewayMain;
import io.axon.deploy.registry.RegistryMain;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The registry, the deployer and the gateway as separate JVM processes, clustered through Hazelcast on
 * loopback only, serve a version through the HTTP API.
 */
class ClusterTest {
  private static final String TOKEN = "cluster-admin-token";
  private final ClusterProcesses processes = new ClusterProcesses("cluster-test");
  private final String database = RunningSuite.newDatabaseName();
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() throws InterruptedException {
    processes.close();
    vertx.close().await();
    RunningSuite.dropDatabase(database);
  }

  @Test
  void aVersionCreatedThroughTheGatewayProcessIsKeptByTheRegistryProcess() throws Exception {
    int httpPort = RunningSuite.freePort();
    Map<String, String> env = ClusterProcesses.settings(database, httpPort, TOKEN);
    processes.start("registry", RegistryMain.class, env);
    processes.start("deployer", DeployerMain.class, env);
    processes.start("gateway", GatewayMain.class, env);

    WebClient http = WebClient.create(vertx);
    processes.awaitReady(http, httpPort);

    HttpResponse<Buffer> workflow = http.post(httpPort, "127.0.0.1", "/api/v1/workflows").bearerTokenAuthentication(TOKEN)
        .sendJsonObject(new JsonObject().put("key", "clustered").put("name", "Clustered")).await();
    assertThat(workflow.statusCode()).as(workflow.bodyAsString()).isEqualTo(201);
    JsonObject request = new JsonObject().put("bump", "major").put("definition", Definitions.valid(1));
    HttpResponse<Buffer> version = http.post(httpPort, "127.0.0.1", "/api/v1/workflows/clustered/versions")
        .bearerTokenAuthentication(TOKEN).putHeader("Idempotency-Key", "cluster-once").sendJsonObject(request).await();
    assertThat(version.statusCode()).as(version.bodyAsString()).isEqualTo(201);
    HttpResponse<Buffer> read = http.get(httpPort, "127.0.0.1", "/api/v1/workflows/clustered/versions/1.0.0")
        .bearerTokenAuthentication(TOKEN).send().await();
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.bodyAsJsonObject().getJsonObject("definition")).isEqualTo(Definitions.valid(1));

    // the gateway process dies; the key is kept by the registry, so a retry through a new gateway writes nothing
    processes.kill("gateway");
    processes.start("gateway-again", GatewayMain.class, env);
    processes.awaitReady(http, httpPort);
    HttpResponse<Buffer> retry = http.post(httpPort, "127.0.0.1", "/api/v1/workflows/clustered/versions")
        .bearerTokenAuthentication(TOKEN).putHeader("Idempotency-Key", "cluster-once").sendJsonObject(request).await();
    assertThat(retry.statusCode()).as(retry.bodyAsString()).isEqualTo(201);
    assertThat(retry.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(retry.bodyAsJsonObject()).isEqualTo(version.bodyAsJsonObject());
    HttpResponse<Buffer> all = http.get(httpPort, "127.0.0.1", "/api/v1/workflows/clustered/versions")
        .bearerTokenAuthentication(TOKEN).send().await();
    assertThat(all.bodyAsJsonObject().getJsonArray("items")).hasSize(1);

    // a second gateway process: a token issued through one works on the other, and once revoked through
    // the first, the second refuses it within a second
    int otherPort = RunningSuite.freePort();
    Map<String, String> other = new HashMap<>(env);
    other.put("AXON_HTTP_PORT", Integer.toString(otherPort));
    processes.start("gateway-other", GatewayMain.class, other);
    processes.awaitReady(http, otherPort);
    JsonObject issued = http.post(httpPort, "127.0.0.1", "/api/v1/tokens").bearerTokenAuthentication(TOKEN)
        .sendJsonObject(new JsonObject().put("user", "lee").put("roles", new io.vertx.core.json.JsonArray().add("viewer")))
        .await().bodyAsJsonObject();
    assertThat(statusOn(http, otherPort, issued.getString("token"))).isEqualTo(200);
    assertThat(http.delete(httpPort, "127.0.0.1", "/api/v1/tokens/" + issued.getString("id")).bearerTokenAuthentication(TOKEN)
        .send().await().statusCode()).isEqualTo(204);
    Instant revokedAt = Instant.now();
    while (statusOn(http, otherPort, issued.getString("token")) != 401
        && Duration.between(revokedAt, Instant.now()).toMillis() < 1_000) {
      Thread.sleep(20); // the test thread polls; no event loop waits here
    }
    assertThat(statusOn(http, otherPort, issued.getString("token"))).as("refused by the other gateway within a second")
        .isEqualTo(401);
  }

  private static int statusOn(WebClient http, int port, String token) {
    return http.get(port, "127.0.0.1", "/api/v1/workflows").bearerTokenAuthentication(token).send().await().statusCode();
  }


}
