package io.axon.deploy.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.bus.Addresses;
import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.bus.BusHeaders;
import io.axon.deploy.common.monitor.ExecutionOutcome;
import io.axon.deploy.common.monitor.ExecutionRecord;
import io.axon.deploy.common.monitor.InstanceView;
import io.axon.deploy.common.monitor.MonitorCommands;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The monitor inside the standalone suite: it polls the suite's own engine instances, and the
 * executions it is sent show on the gateway's {@code /metrics}, which scrapes the same registry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitorInSuiteTest {
  private RunningSuite suite;
  private BusClient bus;

  @BeforeAll
  void start() {
    suite = RunningSuite.start(RunningSuite.newDatabaseName(),
        Map.of("AXON_ENGINES_PER_ENVIRONMENT", "1", "AXON_MONITOR_POLL_MS", "200"));
    bus = new BusClient(suite.vertx().eventBus(), 5_000);
  }

  @AfterAll
  void stop() {
    suite.close();
  }

  private List<InstanceView> instances() {
    return bus.request(Addresses.MONITOR, MonitorCommands.LIST_INSTANCES, new JsonObject(), "test", null).await().json()
        .getJsonArray("items").stream().map(item -> InstanceView.fromJson((JsonObject) item)).toList();
  }

  @Test
  void theSuitesEngineInstancesAreListedHealthy() throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5_000;
    while (instances().stream().filter(InstanceView::healthy).count() < 3 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat(instances()).extracting(InstanceView::instanceId, InstanceView::healthy).containsExactly(
        org.assertj.core.groups.Tuple.tuple("development-1", true), org.assertj.core.groups.Tuple.tuple("production-1", true),
        org.assertj.core.groups.Tuple.tuple("staging-1", true));
  }

  @Test
  void executionsSentToTheMonitorShowOnTheGatewaysMetrics() {
    long now = System.currentTimeMillis();
    suite.vertx().eventBus().send(Addresses.MONITOR, ExecutionRecord.batch(List.of(
            new ExecutionRecord("production", "order-sync", "1.4.0", Optional.of("d-1"), "production-1",
                ExecutionOutcome.SUCCEEDED, 4_000, now),
            new ExecutionRecord("production", "order-sync", "1.4.0", Optional.of("d-1"), "production-1",
                ExecutionOutcome.FAILED, 40_000, now))),
        new DeliveryOptions().addHeader(BusHeaders.ACTION, MonitorCommands.RECORD_EXECUTIONS));
    JsonObject window = bus.request(Addresses.MONITOR, MonitorCommands.METRICS_WINDOW,
        new JsonObject().put("environment", "production").put("workflow", "order-sync"), "test", null).await().json();
    assertThat(window.getJsonArray("versions").getJsonObject(0).getLong("count")).isEqualTo(2);

    String metrics = suite.get("/metrics", null).text();
    assertThat(metrics)
        .contains("axon_executions_total{environment=\"production\",outcome=\"failed\",version=\"1.4.0\",workflow=\"order-sync\"} 1")
        .contains("axon_execution_duration_seconds_bucket{environment=\"production\",version=\"1.4.0\",workflow=\"order-sync\",le=\"0.005\"} 1")
        .contains("axon_execution_duration_seconds_count{environment=\"production\",version=\"1.4.0\",workflow=\"order-sync\"} 2");
  }
}
