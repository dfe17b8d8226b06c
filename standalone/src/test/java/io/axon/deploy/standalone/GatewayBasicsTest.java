package io.axon.deploy.standalone;

import static io.axon.deploy.standalone.RunningSuite.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.cluster.ServiceLauncher;
import io.axon.deploy.common.cluster.VertxRuntime;
import io.axon.deploy.common.config.AxonConfig;
import io.axon.deploy.common.json.CanonicalJson;
import io.axon.deploy.gateway.GatewayVerticle;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class GatewayBasicsTest extends SuiteTest {

  @Test
  void healthAndReadinessNeedNoTokenAndReportTheDatabaseAndTheRegistry() {
    assertThat(suite.get("/health", null).json().getString("status")).isEqualTo("UP");
    JsonObject ready = suite.get("/ready", null).json();
    assertThat(ready.getString("status")).isEqualTo("UP");
    assertThat(ready.getJsonObject("checks").getJsonObject("registry").getString("status")).isEqualTo("UP");
    assertThat(ready.getJsonObject("checks").getJsonObject("database").getString("status")).isEqualTo("UP");
  }

  @Test
  void aGatewayWhoseRegistryIsNotRunningIsNotReady() {
    int port = RunningSuite.freePort();
    String database = RunningSuite.newDatabaseName();
    AxonConfig config = AxonConfig.from(Map.of("AXON_PG_URL", RunningSuite.pgUrl(database),
        "AXON_HTTP_HOST", "127.0.0.1", "AXON_HTTP_PORT", Integer.toString(port), "AXON_BUS_TIMEOUT_MS", "1000"));
    VertxRuntime alone = VertxRuntime.local().await();
    try {
      ServiceLauncher.deploy(alone, config, GatewayVerticle::prepare).await();
      var response = WebClient.create(alone.vertx()).get(port, "127.0.0.1", "/ready").send().await();
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.bodyAsJsonObject().getJsonObject("checks").getJsonObject("registry").getString("status")).isEqualTo("DOWN");
    } finally {
      alone.vertx().close().await();
      RunningSuite.dropDatabase(database);
    }
  }

  @Test
  void metricsArePrometheusTextWithJvmHttpAndEventBusMeters() {
    suite.get("/api/v1/workflows", ADMIN_TOKEN);
    Reply metrics = suite.get("/metrics", null);
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.text()).contains("# TYPE jvm_memory_used_bytes gauge")
        .contains("axon_http_server_request_duration_seconds_count")
        .contains("vertx_eventbus_sent_total")
        .contains("address=\"axon.registry\"");
  }

  @Test
  void theOpenApiDocumentIsVersion31AndEveryPathItListsIsServed() {
    Reply document = suite.get("/openapi.yaml", null);
    assertThat(document.status()).isEqualTo(200);
    Map<String, Object> openapi = new Yaml().load(document.text());
    assertThat(openapi.get("openapi")).isEqualTo("3.1.0");
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) openapi.get("paths");
    for (Map.Entry<String, Map<String, Object>> path : paths.entrySet()) {
      String concrete = path.getKey().replace("{key}", "some-workflow").replace("{version}", "1.0.0");
      for (String method : new TreeSet<>(path.getValue().keySet())) {
        if (method.equals("parameters")) {
          continue;
        }
        Reply reply = suite.send(HttpMethod.valueOf(method.toUpperCase()), concrete, ADMIN_TOKEN,
            method.equals("get") ? null : io.vertx.core.buffer.Buffer.buffer("{}"), Map.of());
        assertThat(reply.text()).as(method + " " + concrete).doesNotContain("no resource at");
        assertThat(reply.status()).as(method + " " + concrete).isNotIn(405, 500);
      }
    }
  }

  @Test
  void everyResponseCarriesARequestIdAndAGivenOneIsKept() {
    assertThat(suite.get("/health", null).requestId()).isNotBlank();
    Reply reply = suite.send(HttpMethod.GET, "/api/v1/workflows/absent", ADMIN_TOKEN, null, Map.of("X-Request-Id", "trace-7"));
    assertThat(reply.requestId()).isEqualTo("trace-7");
    assertThat(reply.json().getString("requestId")).isEqualTo("trace-7");
  }

  @Test
  void anAdminIssuesTokensThatWorkAndAreStoredOnlyAsHashes() {
    Reply issued = suite.post("/api/v1/tokens", ADMIN_TOKEN,
        new JsonObject().put("user", "ada").put("roles", new JsonArray().add("author").add("viewer")));
    assertThat(issued.status()).isEqualTo(201);
    String token = issued.json().getString("token");
    assertThat(issued.json().getString("user")).isEqualTo("ada");
    assertThat(issued.json().getJsonArray("roles")).containsExactly("author", "viewer");

    Reply created = suite.post("/api/v1/workflows", token, new JsonObject().put("key", "by-ada").put("name", "Ada's"));
    assertThat(created.json().getString("createdBy")).isEqualTo("ada");
    assertThat(suite.sqlColumn("SELECT token_hash FROM gateway.tokens"))
        .contains(CanonicalJson.sha256Hex(token)).doesNotContain(token);
    assertThat(suite.get("/api/v1/audit?subject=tokens", ADMIN_TOKEN).items())
        .extracting(r -> r.getString("action")).contains("token.created");
    assertThat(suite.get("/api/v1/audit?subject=tokens", ADMIN_TOKEN).text()).doesNotContain(token);
  }

  @Test
  void anUnknownRoleIsRefused() {
    Reply reply = suite.post("/api/v1/tokens", ADMIN_TOKEN,
        new JsonObject().put("user", "eve").put("roles", new JsonArray().add("superuser")));
    assertThat(reply.isProblem(400)).isTrue();
  }
}
