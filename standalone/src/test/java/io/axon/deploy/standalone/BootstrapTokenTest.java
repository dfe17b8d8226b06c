package io.axon.deploy.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BootstrapTokenTest {

  @Test
  void withoutAConfiguredAdminTokenExactlyOneIsGeneratedAndKeptAcrossRestarts() {
    String database = RunningSuite.newDatabaseName();
    Map<String, String> unconfigured = Map.of("AXON_ADMIN_TOKEN", "");
    RunningSuite.start(database, unconfigured).stop();
    try (RunningSuite restarted = RunningSuite.start(database, unconfigured)) {
      assertThat(restarted.sqlColumn("SELECT user_name || ':' || array_to_string(roles, ',') FROM gateway.tokens"))
          .containsExactly("admin:admin");
      assertThat(restarted.get("/api/v1/workflows", RunningSuite.ADMIN_TOKEN).isProblem(401))
          .as("the test token is not configured here, so it does not work").isTrue();
    }
  }
}
