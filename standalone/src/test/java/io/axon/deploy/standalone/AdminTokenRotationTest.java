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

  @Test
  void rotatingBackToAnEarlierValueMakesItTheAdminTokenAgain() {
    String database = RunningSuite.newDatabaseName();
    RunningSuite.start(database, Map.of("AXON_ADMIN_TOKEN", "value-a")).stop();
    RunningSuite.start(database, Map.of("AXON_ADMIN_TOKEN", "value-b")).stop();
    try (RunningSuite back = RunningSuite.start(database, Map.of("AXON_ADMIN_TOKEN", "value-a"))) {
      assertThat(back.get("/api/v1/workflows", "value-a").status()).isEqualTo(200);
      assertThat(back.get("/api/v1/workflows", "value-b").isProblem(401)).isTrue();
    }
  }

  @Test
  void unsettingTheConfiguredAdminTokenRevokesItAndGeneratesAnAdminTokenWhenNoneIsLeft() {
    String database = RunningSuite.newDatabaseName();
    RunningSuite.start(database, Map.of("AXON_ADMIN_TOKEN", "soon-unset")).stop();
    try (RunningSuite unset = RunningSuite.start(database, Map.of("AXON_ADMIN_TOKEN", ""))) {
      assertThat(unset.get("/api/v1/workflows", "soon-unset").isProblem(401)).isTrue();
      assertThat(unset.sqlColumn("SELECT created_by FROM gateway.tokens WHERE bootstrap AND revoked_at IS NULL"))
          .as("a generated admin token, so that someone can still get in").containsExactly("bootstrap");
    }
  }
}
