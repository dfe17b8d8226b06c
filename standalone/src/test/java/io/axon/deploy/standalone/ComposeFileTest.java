package io.axon.deploy.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker-compose.yml} would run: one image built once, no fixed subnet, nothing published
 * beyond the host's loopback unless asked, and health checks that pass under dash (the image's
 * /bin/sh) against a running suite and fail against none. {@code .ci/run} also validates it with
 * Debian's docker-compose 1.29.
 */
class ComposeFileTest extends SuiteTest {
  private static final Path COMPOSE = Path.of("..", "docker-compose.yml");

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> services() throws IOException {
    Map<String, Object> compose = new Yaml().load(Files.readString(COMPOSE));
    return (Map<String, Map<String, Object>>) compose.get("services");
  }

  @Test
  void theImageIsBuiltOnceAndSharedByTheServices() throws IOException {
    Map<String, Map<String, Object>> services = services();
    assertThat(services.values().stream().filter(service -> service.containsKey("build"))).hasSize(1);
    assertThat(services.get("registry").get("image")).isEqualTo(services.get("gateway").get("image"));
  }

  @Test
  void noFixedSubnetAndNoFixedAddresses() throws IOException {
    String text = Files.readString(COMPOSE).replaceAll("(?m)^\\s*#.*$", ""); // comments may speak of subnets
    assertThat(text).doesNotContain("ipam").doesNotContain("subnet").doesNotContain("ipv4_address");
  }

  @Test
  @SuppressWarnings("unchecked")
  void publishedPortsBindTheLoopbackUnlessTheUserAsks() throws IOException {
    for (Map.Entry<String, Map<String, Object>> service : services().entrySet()) {
      for (Object port : (List<Object>) service.getValue().getOrDefault("ports", List.of())) {
        assertThat(interpolate(String.valueOf(port), Map.of())).as(service.getKey()).startsWith("127.0.0.1:");
        assertThat(interpolate(String.valueOf(port), Map.of("AXON_PUBLISH_ADDRESS", "0.0.0.0"))).startsWith("0.0.0.0:");
      }
    }
  }

  @Test
  void theGatewayHealthCheckPassesUnderDashWhenReadyAndFailsWhenNothingListens() throws Exception {
    String check = healthCheck("gateway");
    assertThat(dash(check, Map.of("AXON_HTTP_PORT", Integer.toString(suite.port())))).as(check).isZero();
    assertThat(dash(check, Map.of("AXON_HTTP_PORT", Integer.toString(RunningSuite.freePort())))).as(check).isNotZero();
  }

  @Test
  void theMonitorHealthCheckPassesUnderDashWhenTheMonitorAnswersAndFailsWhenNothingListens() throws Exception {
    int port = RunningSuite.freePort();
    io.axon.deploy.monitor.MonitorHttpVerticle.deploy(
        new io.axon.deploy.common.cluster.VertxRuntime(suite.vertx(), io.axon.deploy.common.cluster.VertxRuntime.registry()),
        io.axon.deploy.common.config.AxonConfig.from(Map.of("AXON_HTTP_HOST", "127.0.0.1",
            "AXON_MONITOR_HTTP_PORT", Integer.toString(port)))).await();
    String check = healthCheck("monitor");
    assertThat(dash(check, Map.of("AXON_MONITOR_HTTP_PORT", Integer.toString(port)))).as(check).isZero();
    assertThat(dash(check, Map.of("AXON_MONITOR_HTTP_PORT", Integer.toString(RunningSuite.freePort())))).as(check).isNotZero();
  }

  @Test
  void thePostgresqlHealthCheckPassesUnderDash() throws Exception {
    assumeThat(Path.of("/usr/bin/pg_isready")).exists();
    String check = healthCheck("postgres");
    String server = System.getenv().getOrDefault("AXON_TEST_PG_SERVER", "127.0.0.1:5432");
    assertThat(dash(check, Map.of("PGHOST", server.split(":")[0], "PGPORT", server.split(":")[1]))).as(check).isZero();
  }

  /** The CMD-SHELL command of a service's health check, as the container's shell receives it. */
  @SuppressWarnings("unchecked")
  private static String healthCheck(String service) throws IOException {
    List<String> test = (List<String>) ((Map<String, Object>) services().get(service).get("healthcheck")).get("test");
    assertThat(test.get(0)).isEqualTo("CMD-SHELL");
    return interpolate(test.get(1), Map.of());
  }

  /** Compose's own interpolation: {@code ${NAME:-default}} from the host's environment, {@code $$} for {@code $}. */
  private static String interpolate(String value, Map<String, String> env) {
    Matcher variable = Pattern.compile("\\$\\$|\\$\\{([A-Z_]+)(?::-([^}]*))?}").matcher(value);
    StringBuilder result = new StringBuilder();
    while (variable.find()) {
      String replacement = variable.group().equals("$$") ? "$"
          : env.getOrDefault(variable.group(1), variable.group(2) == null ? "" : variable.group(2));
      variable.appendReplacement(result, Matcher.quoteReplacement(replacement));
    }
    variable.appendTail(result);
    return result.toString();
  }

  private static int dash(String command, Map<String, String> env) throws Exception {
    assumeThat(Path.of("/usr/bin/dash")).as("dash (.ci/run installs it)").exists();
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of("/usr/bin/dash", "-c", command))).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(command).isTrue();
    process.getInputStream().readAllBytes();
    return process.exitValue();
  }
}
