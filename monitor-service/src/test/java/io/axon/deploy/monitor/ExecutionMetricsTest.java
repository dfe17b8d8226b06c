package io.axon.deploy.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.bus.Addresses;
import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.bus.BusHeaders;
import io.axon.deploy.common.cluster.VertxRuntime;
import io.axon.deploy.common.config.AxonConfig;
import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.common.error.ProblemException;
import io.axon.deploy.common.monitor.ExecutionOutcome;
import io.axon.deploy.common.monitor.ExecutionBatch;
import io.axon.deploy.common.monitor.ExecutionRecord;
import io.axon.deploy.common.monitor.MonitorCommands;
import io.axon.deploy.common.monitor.WindowStats;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Executions as gateways report them, in batches over the bus, read back as window numbers on the bus
 * and as Prometheus series in the process's registry.
 */
@ExtendWith(VertxExtension.class)
class ExecutionMetricsTest {
  private final PrometheusMeterRegistry registry = VertxRuntime.registry();
  private BusClient bus;

  @BeforeEach
  void deploy(Vertx vertx) {
    MonitorVerticle.deploy(new VertxRuntime(vertx, registry), AxonConfig.from(Map.of())).await();
    bus = new BusClient(vertx.eventBus(), 5_000);
  }

  private JsonObject ask(String action, JsonObject body) {
    return bus.request(Addresses.MONITOR, action, body, "test", null).await().json();
  }

  private ProblemException refused(String action, JsonObject body) {
    try {
      ask(action, body);
    } catch (ProblemException problem) {
      return problem;
    }
    throw new AssertionError(action + " accepted " + body.encode());
  }

  private static ExecutionRecord execution(String version, ExecutionOutcome outcome, long latencyMs, long at) {
    return new ExecutionRecord("production", "order-sync", version, Optional.of("d-7"), "production-1", outcome,
        latencyMs * 1000, at);
  }

  /**
   * Version 1.0.0: 100 executions of 1 to 100 ms, every tenth failed, and 5 rejected (bad input);
   * version 2.0.0: 20 of 200 ms. Nearest-rank percentiles of 1.0.0: p50 50 ms, p95 95 ms, p99 99 ms.
   */
  private static List<ExecutionRecord> traffic(long now) {
    List<ExecutionRecord> records = new ArrayList<>();
    for (int ms = 1; ms <= 100; ms++) {
      records.add(execution("1.0.0", ms % 10 == 0 ? ExecutionOutcome.FAILED : ExecutionOutcome.SUCCEEDED, ms, now - ms * 100));
    }
    for (int i = 0; i < 5; i++) {
      records.add(execution("1.0.0", ExecutionOutcome.REJECTED, 1, now));
    }
    for (int i = 0; i < 20; i++) {
      records.add(execution("2.0.0", ExecutionOutcome.SUCCEEDED, 200, now));
    }
    return records;
  }

  @Test
  void batchesSentWithoutAReplyAreRecordedQuietlyAndReadBackAsWindowNumbers(Vertx vertx) {
    List<ExecutionRecord> traffic = traffic(System.currentTimeMillis());
    DeliveryOptions record = new DeliveryOptions().addHeader(BusHeaders.ACTION, MonitorCommands.RECORD_EXECUTIONS);
    String logged = stderrOf(() -> {
      vertx.eventBus().send(Addresses.MONITOR, ExecutionRecord.batch(traffic.subList(0, 60)), record);
      vertx.eventBus().send(Addresses.MONITOR, new JsonObject().put("executions", "not an array"), record);
      ExecutionBatch grouped = new ExecutionBatch(); // as gateways send them
      traffic.subList(60, traffic.size()).forEach(e -> grouped.add(e.environment(), e.workflow(), e.version(),
          e.deploymentId(), e.instanceId(), e.outcome(), e.latencyMicros(), e.at()));
      JsonObject reply = ask(MonitorCommands.RECORD_EXECUTIONS, grouped.toJson());
      assertThat(reply.getInteger("accepted")).isEqualTo(traffic.size() - 60);
      assertThat(reply.getInteger("inWindows")).as("the rejected ones are not in the windows").isEqualTo(traffic.size() - 65);
    });
    assertThat(logged).as("what the sends without a reply logged").doesNotContain("ERROR").doesNotContain("Exception");

    JsonObject window = ask(MonitorCommands.METRICS_WINDOW,
        new JsonObject().put("environment", "production").put("workflow", "order-sync"));
    assertThat(window.getString("environment")).isEqualTo("production");
    assertThat(window.getString("workflow")).isEqualTo("order-sync");
    assertThat(window.getLong("windowMs")).isEqualTo(60_000);
    List<WindowStats> versions = window.getJsonArray("versions").stream()
        .map(item -> WindowStats.fromJson((JsonObject) item)).toList();
    assertThat(versions).extracting(WindowStats::version).containsExactly("1.0.0", "2.0.0");
    WindowStats first = versions.get(0);
    assertThat(first.count()).isEqualTo(100);
    assertThat(first.errors()).isEqualTo(10);
    assertThat(window.getJsonArray("versions").getJsonObject(0).getDouble("errorRate")).isEqualTo(0.1);
    assertThat(first.p50Ms()).isBetween(50.0, 50.5);
    assertThat(first.p95Ms()).isBetween(95.0, 95.95);
    assertThat(first.p99Ms()).isBetween(99.0, 99.99);
    assertThat(versions.get(1).count()).isEqualTo(20);
    assertThat(versions.get(1).p99Ms()).isBetween(200.0, 202.0);

    JsonObject one = ask(MonitorCommands.METRICS_WINDOW, new JsonObject().put("environment", "production")
        .put("workflow", "order-sync").put("version", "2.0.0").put("windowMs", 5_000));
    assertThat(one.getJsonArray("versions")).hasSize(1);
    assertThat(one.getJsonArray("versions").getJsonObject(0).getLong("count")).isEqualTo(20);
  }

  @Test
  void badRequestsAreRefusedWith400And422AndUnreadableRecordsAreSkippedAndCounted() {
    ProblemException missing = refused(MonitorCommands.METRICS_WINDOW, new JsonObject().put("workflow", 3));
    assertThat(missing.problem().status()).isEqualTo(400);
    assertThat(missing.problem().errors()).extracting(FieldError::path).containsExactly("/environment", "/workflow");
    ProblemException tooShort = refused(MonitorCommands.METRICS_WINDOW, new JsonObject().put("environment", "production")
        .put("workflow", "order-sync").put("windowMs", 500));
    assertThat(tooShort.problem().status()).isEqualTo(422);
    assertThat(tooShort.problem().detail()).contains("from 1000 to 300000");
    assertThat(refused(MonitorCommands.METRICS_WINDOW, new JsonObject().put("environment", "production")
        .put("workflow", "order-sync").put("windowMs", "1m")).problem().status()).isEqualTo(400);
    assertThat(refused(MonitorCommands.LIST_INSTANCES, new JsonObject().put("environment", 5)).problem().status())
        .isEqualTo(400);
    assertThat(refused(MonitorCommands.RECORD_EXECUTIONS, new JsonObject()).problem().status()).isEqualTo(400);

    JsonArray mixed = new JsonArray()
        .add(execution("1.0.0", ExecutionOutcome.SUCCEEDED, 5, System.currentTimeMillis()).toJson())
        .add(new JsonArray().add("production").add("order-sync"))
        .add(new JsonArray().add("production").add("order-sync").add("1.0.0").addNull().add("p-1").add("exploded").add(5).add(1))
        .add("not a record");
    JsonObject reply = ask(MonitorCommands.RECORD_EXECUTIONS, new JsonObject().put("executions", mixed));
    assertThat(reply).isEqualTo(new JsonObject().put("accepted", 1).put("inWindows", 1).put("unreadable", 3));
  }

  @Test
  void prometheusHasTheExecutionCounterByOutcomeAndTheDurationHistogramWithItsOwnBuckets() {
    ask(MonitorCommands.RECORD_EXECUTIONS, ExecutionRecord.batch(traffic(System.currentTimeMillis())));
    String scrape = registry.scrape();
    String series = "environment=\"production\",outcome=\"%s\",version=\"1.0.0\",workflow=\"order-sync\"";
    assertThat(scrape)
        .contains("# TYPE axon_executions_total counter")
        .contains("axon_executions_total{" + series.formatted("succeeded") + "} 90")
        .contains("axon_executions_total{" + series.formatted("failed") + "} 10")
        .contains("axon_executions_total{" + series.formatted("rejected") + "} 5")
        .contains("# TYPE axon_execution_duration_seconds histogram");
    String labels = "axon_execution_duration_seconds_bucket{environment=\"production\",version=\"1.0.0\",workflow=\"order-sync\",le=";
    assertThat(scrape)
        .contains(labels + "\"0.001\"} 1\n")
        .contains(labels + "\"0.05\"} 50\n")
        .contains(labels + "\"0.1\"} 100\n")
        .contains(labels + "\"30.0\"} 100\n")
        .contains(labels + "\"+Inf\"} 100\n")
        .contains("axon_execution_duration_seconds_count{environment=\"production\",version=\"1.0.0\",workflow=\"order-sync\"} 100\n")
        .contains("axon_execution_duration_seconds_sum{environment=\"production\",version=\"1.0.0\",workflow=\"order-sync\"} 5.05\n")
        .doesNotContain(labels + "\"5.0E-4\"}");
    for (String bucket : List.of("0.001", "0.002", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5",
        "5.0", "10.0", "30.0", "+Inf")) {
      assertThat(scrape).contains(labels + "\"" + bucket + "\"}");
    }
    assertThat(scrape.lines().filter(line -> line.startsWith(labels))).hasSize(15);
  }

  /** What {@code action} wrote to standard error, where slf4j-simple logs. */
  private static String stderrOf(Runnable action) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
      MonitorEvents.sleep(200); // what a failed send would log comes after the reply
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
