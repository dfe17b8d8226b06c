package io.axon.deploy.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.bus.Addresses;
import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.cluster.VertxRuntime;
import io.axon.deploy.common.config.AxonConfig;
import io.axon.deploy.common.config.ConfigException;
import io.axon.deploy.common.monitor.ExecutionOutcome;
import io.axon.deploy.common.monitor.ExecutionRecord;
import io.axon.deploy.common.monitor.MonitorCommands;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The monitor process's own port: a health check that follows the monitor on the bus, and a Prometheus scrape. */
@ExtendWith(VertxExtension.class)
class MonitorHttpTest {

  @Test
  void healthIsUpOnlyWhenTheMonitorAnswersAndMetricsShowTheExecutionsRecorded(Vertx vertx) throws IOException {
    int port = freePort();
    AxonConfig config = AxonConfig.from(Map.of("AXON_HTTP_HOST", "127.0.0.1", "AXON_MONITOR_HTTP_PORT", Integer.toString(port)));
    VertxRuntime runtime = new VertxRuntime(vertx, VertxRuntime.registry());
    WebClient http = WebClient.create(vertx);
    MonitorHttpVerticle.deploy(runtime, config).await();

    HttpResponse<Buffer> down = http.get(port, "127.0.0.1", "/health").send().await();
    assertThat(down.statusCode()).as("no monitor on the bus yet").isEqualTo(503);
    assertThat(down.bodyAsJsonObject().getString("status")).isEqualTo("DOWN");

    MonitorVerticle.deploy(runtime, config).await();
    HttpResponse<Buffer> up = http.get(port, "127.0.0.1", "/health").send().await();
    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(up.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "UP").put("instances", 0));

    new BusClient(vertx.eventBus(), 5_000).request(Addresses.MONITOR, MonitorCommands.RECORD_EXECUTIONS,
        ExecutionRecord.batch(List.of(new ExecutionRecord("staging", "billing", "3.1.0", Optional.empty(), "staging-1",
            ExecutionOutcome.ERROR, 12_000, System.currentTimeMillis()))), "test", null).await();
    String metrics = http.get(port, "127.0.0.1", "/metrics").send().await().bodyAsString();
    assertThat(metrics)
        .contains("axon_executions_total{environment=\"staging\",outcome=\"error\",version=\"3.1.0\",workflow=\"billing\"} 1")
        .contains("axon_execution_duration_seconds_bucket{environment=\"staging\",version=\"3.1.0\",workflow=\"billing\",le=\"0.025\"} 1");
  }

  @Test
  void aTakenPortIsAStartFailureThatNamesTheSetting(Vertx vertx) throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      AxonConfig config = AxonConfig.from(Map.of("AXON_HTTP_HOST", "127.0.0.1",
          "AXON_MONITOR_HTTP_PORT", Integer.toString(taken.getLocalPort())));
      Throwable failure = MonitorHttpVerticle.deploy(new VertxRuntime(vertx, VertxRuntime.registry()), config)
          .<Throwable>transform(deployed -> io.vertx.core.Future.succeededFuture(deployed.cause())).await();
      assertThat(failure).isInstanceOf(ConfigException.class).hasMessageContaining("AXON_MONITOR_HTTP_PORT");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
