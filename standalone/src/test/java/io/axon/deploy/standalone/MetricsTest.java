package io.axon.deploy.standalone;

import static io.axon.deploy.standalone.RunningSuite.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a Prometheus user needs: request latency as a histogram per operation, with buckets fine
 * enough for an API whose p99 is milliseconds, and our own metric names as Prometheus wants them.
 */
class MetricsTest extends SuiteTest {

  @Test
  void requestLatencyIsAHistogramPerOperationWithMillisecondBuckets() {
    for (int i = 0; i < 5; i++) {
      suite.get("/api/v1/workflows", ADMIN_TOKEN);
    }
    suite.get("/api/v1/workflows/absent", ADMIN_TOKEN);
    String metrics = suite.get("/metrics", null).text();
    assertThat(metrics).contains("# TYPE axon_http_server_request_duration_seconds histogram")
        .contains("axon_http_server_request_duration_seconds_count{method=\"GET\",operation=\"listWorkflows\",status=\"200\"}")
        .contains("axon_http_server_request_duration_seconds_bucket{method=\"GET\",operation=\"getWorkflow\",status=\"404\",le=\"0.001\"}");
    for (String bucket : new String[] {"5.0E-4", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "+Inf"}) {
      assertThat(metrics).contains("operation=\"listWorkflows\",status=\"200\",le=\"" + bucket + "\"}");
    }
    assertThat(metrics).as("Vert.x's own HTTP server meters cost throughput and are off").doesNotContain("vertx_http_server_");
  }

  @Test
  void ourMetricNamesPassPromtool() throws Exception {
    suite.get("/api/v1/workflows", ADMIN_TOKEN);
    String ours = suite.get("/metrics", null).text().lines().filter(line -> line.contains("axon_"))
        .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
    assertThat(ours).isNotBlank();
    Path scrape = Files.createDirectories(Path.of("target")).resolve("axon-metrics.txt");
    Files.writeString(scrape, ours, StandardCharsets.UTF_8); // .ci/run checks it with promtool as well
    assumeThat(Path.of("/usr/bin/promtool")).as("promtool (Debian's prometheus package; .ci/run installs it)").exists();
    Process promtool = new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectInput(scrape.toFile())
        .redirectErrorStream(true).start();
    assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String verdict = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(promtool.exitValue()).as(verdict).isZero();
    assertThat(verdict).isBlank();
  }
}
