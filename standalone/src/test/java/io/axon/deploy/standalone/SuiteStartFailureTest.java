package io.axon.deploy.standalone;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A suite that cannot start says why, and does not leave its caller waiting. */
class SuiteStartFailureTest {

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aStartThatFailsFailsWithItsCause() throws Exception {
    String database = RunningSuite.newDatabaseName();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> RunningSuite.start(database, Map.of("AXON_HTTP_PORT", Integer.toString(taken.getLocalPort()))))
          .hasMessageContaining("in use");
    } finally {
      RunningSuite.dropDatabase(database);
    }
  }
}
