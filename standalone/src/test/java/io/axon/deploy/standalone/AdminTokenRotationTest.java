package io.axon.deploy.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminTokenRotationTest {

  @Test
  void changingTheConfiguredAdminTokenRevokesItsPreviousValue() {
    String database = RunningSuite.newDatabaseName();
    RunningSuite.start(database, Map.of("AXON_ADMIN_TOKEN", "first-admin-value")).stop();
    try (RunningSuite rotated = RunningSuite.start(database, Map.of("AXON_ADMIN_TOKEN", "second-admin-value"))) {
      assertThat(rotated.get("/api/v1/workflows", "second-admin-value").status()).isEqualTo(200);
      assertThat(rotated.get("/api/v1/workflows", "first-admin-value").isProblem(401))
          .as("the old value of AXON_ADMIN_TOKEN no longer works").isTrue();
    }
  }
}
