package io.axon.deploy.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.engine.EngineDirectory;
import io.axon.deploy.common.engine.EngineInstance;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.servicediscovery.ServiceDiscovery;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The standalone suite with two engine instances per environment, on free ports, found through discovery. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandaloneEnginesTest {
  private RunningSuite suite;
  private Vertx clientVertx;
  private WebClient http;

  @BeforeAll
  void start() {
    suite = RunningSuite.start(RunningSuite.newDatabaseName(), Map.of("AXON_ENGINES_PER_ENVIRONMENT", "2"));
    clientVertx = Vertx.vertx();
    http = WebClient.create(clientVertx);
  }

  @AfterAll
  void stop() {
    http.close();
    clientVertx.close().await();
    suite.close();
  }

  private List<EngineInstance> engines() {
    ServiceDiscovery discovery = EngineDirectory.discovery(suite.vertx());
    try {
      return EngineDirectory.all(discovery).await();
    } finally {
      discovery.close();
    }
  }

  @Test
  void twoInstancesPerEnvironmentAreAnnouncedEachOnItsOwnPort() {
    List<EngineInstance> engines = engines();
    assertThat(engines).extracting(EngineInstance::instanceId).containsExactly(
        "development-1", "development-2", "production-1", "production-2", "staging-1", "staging-2");
    assertThat(engines.stream().map(EngineInstance::port).collect(Collectors.toSet())).hasSize(6);
    for (EngineInstance engine : engines) {
      JsonObject info = http.getAbs(engine.endpoint() + "/info").send().await().bodyAsJsonObject();
      assertThat(info.getString("instanceId")).isEqualTo(engine.instanceId());
      assertThat(info.getString("environment")).isEqualTo(engine.environment());
      assertThat(http.getAbs(engine.endpoint() + "/health").send().await().bodyAsJsonObject().getInteger("score")).isEqualTo(100);
    }
  }

  @Test
  void anInstanceOfTheSuiteLoadsAndExecutesAWorkflow() {
    EngineInstance staging = engines().stream().filter(e -> e.environment().equals("staging")).findFirst().orElseThrow();
    JsonObject definition = new JsonObject()
        .put("nodes", new JsonArray().add(new JsonObject().put("id", "start").put("type", "trigger"))
            .add(new JsonObject().put("id", "enrich").put("type", "transform")
                .put("config", new JsonObject().put("set", new JsonObject().put("status", "ok {{ input.orderId }}")))))
        .put("connections", new JsonArray().add(new JsonObject().put("id", "c1").put("from", "start").put("to", "enrich")));
    assertThat(http.putAbs(staging.endpoint() + "/workflows/order-sync/versions/0.1.0").sendJsonObject(definition).await()
        .statusCode()).isEqualTo(201);
    HttpResponse<Buffer> executed = http.postAbs(staging.endpoint() + "/workflows/order-sync/versions/0.1.0/executions")
        .sendJsonObject(new JsonObject().put("input", new JsonObject().put("orderId", "A1"))).await();
    assertThat(executed.bodyAsJsonObject().getJsonObject("output")).isEqualTo(new JsonObject().put("status", "ok A1"));
  }
}
