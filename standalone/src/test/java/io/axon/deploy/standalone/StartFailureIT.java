package io.axon.deploy.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real jar started with each of a newcomer's usual mistakes ends with a non-zero status after
 * one line that names the cause and the setting to change, with no stack trace; and a suite that
 * did start stops cleanly on SIGTERM and says so.
 */
class StartFailureIT {
  private static final Duration START = Duration.ofSeconds(90);

  @Test
  void aBusyPortIsNamedWithTheSettingToChange() throws Exception {
    String database = RunningSuite.newDatabaseName();
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = busy.getLocalPort();
      assertFailsWith("busy-port", Map.of("AXON_PG_URL", RunningSuite.pgUrl(database), "AXON_HTTP_PORT", Integer.toString(port)),
          "port " + port + " is in use: set AXON_HTTP_PORT");
    } finally {
      RunningSuite.dropDatabase(database);
    }
  }

  @Test
  void aPostgresqlThatRefusesTheConnectionIsNamed() throws Exception {
    int closed = RunningSuite.freePort();
    assertFailsWith("pg-down", Map.of("AXON_PG_URL", "postgresql://postgres@127.0.0.1:" + closed + "/axon"),
        "PostgreSQL at 127.0.0.1:" + closed + " refused the connection: check AXON_PG_URL");
  }

  @Test
  void anUnknownRoleIsNamed() throws Exception {
    assertFailsWith("unknown-role", Map.of("AXON_PG_URL", RunningSuite.pgUrl("axon").replace("postgres@", "nobody_at_all@")),
        "PostgreSQL at 127.0.0.1:5432 refused: role \"nobody_at_all\" does not exist: check the user in AXON_PG_URL");
  }

  @Test
  void aMalformedUrlIsNamedWithAnExample() throws Exception {
    assertFailsWith("malformed-url", Map.of("AXON_PG_URL", "localhost:5432/axon"),
        "AXON_PG_URL is not a PostgreSQL URL such as postgresql://postgres@localhost:5432/axon");
  }

  @Test
  void aBadNumberIsNamedWithItsRange() throws Exception {
    assertFailsWith("bad-number", Map.of("AXON_HTTP_PORT", "80a"), "AXON_HTTP_PORT must be a whole number from 1 to 65535, not '80a'");
    assertFailsWith("bad-instances", Map.of("AXON_INSTANCES", "0"), "AXON_INSTANCES must be a whole number from 1 to 1024, not '0'");
  }

  @Test
  void sigtermStopsTheSuiteCleanlyAndSaysSo() throws Exception {
    String database = RunningSuite.newDatabaseName();
    Map<String, String> env = Map.of("AXON_PG_URL", RunningSuite.pgUrl(database), "AXON_HTTP_HOST", "127.0.0.1",
        "AXON_HTTP_PORT", Integer.toString(RunningSuite.freePort()), "AXON_ADMIN_TOKEN", "sigterm-test");
    try (JarProcess suite = JarProcess.start("sigterm", env)) {
      suite.awaitOutput("Axon Deploy is up", START);
      suite.terminate();
      int status = suite.awaitExit(Duration.ofSeconds(40));
      assertThat(status).as(suite.output()).isIn(0, 143);
      assertThat(suite.output()).contains("Axon Deploy is stopping (SIGTERM or SIGINT)").contains("Axon Deploy stopped cleanly");
      assertThat(suite.lines()).as("no error while stopping").noneMatch(line -> line.contains(" ERROR ") || line.contains("Exception"));
    } finally {
      RunningSuite.dropDatabase(database);
    }
  }

  private static void assertFailsWith(String name, Map<String, String> settings, String expected) throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("AXON_HTTP_HOST", "127.0.0.1",
        "AXON_HTTP_PORT", Integer.toString(RunningSuite.freePort()), "AXON_ADMIN_TOKEN", "start-failure-test"));
    env.putAll(settings);
    try (JarProcess jar = JarProcess.start(name, env)) {
      int status = jar.awaitExit(START);
      String output = jar.output();
      assertThat(status).as(output).isNotZero();
      List<String> errors = jar.lines().stream().filter(line -> line.contains(" ERROR ")).toList();
      assertThat(errors).as(output).hasSize(1);
      assertThat(errors.get(0)).contains("Axon Deploy could not start: " + expected);
      assertThat(output).as("no stack trace below debug level").doesNotContain("\tat ").doesNotContain("Exception in thread");
    }
  }
}
