package io.axon.deploy.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Automatic rollback across processes: the monitor (in the control plane's process) and the
 * deployer (a process of its own) talk over the clustered event bus only. A canary failing half
 * its executions is held at a pause when its deployer is SIGKILLed: nothing can roll it back while
 * no deployer runs, and the gateway keeps routing by the table it has. The next deployer process
 * tells the monitor what to watch from the database, and the canary is rolled back by the
 * development environment's seeded policy (error rate above 10% over a minute, 50 executions).
 */
class AutomaticRollbackClusterTest {
  private static final String EXECUTIONS = "/api/v1/environments/development/workflows/orders/executions";
  private final DeployerCluster cluster = new DeployerCluster("automatic-rollback-cluster-test");

  @AfterEach
  void stop() throws InterruptedException {
    cluster.close();
  }

  @Test
  void aBadCanaryWhoseDeployerDiedIsRolledBackOnceTheNextDeployerRuns() throws Exception {
    cluster.start("deployer-1");
    cluster.workflow("orders", "1.0.0");
    HttpResponse<Buffer> bad = cluster.post("/api/v1/workflows/orders/versions", new JsonObject().put("version", "1.1.0")
        .put("force", true).put("definition", failingHalf()));
    assertThat(bad.statusCode()).as(bad.bodyAsString()).isEqualTo(201);
    cluster.awaitStatus(cluster.deploy("orders", "1.0.0", "immediate"), "succeeded", 30_000);
    JsonObject held = new JsonObject().put("type", "canary").put("steps", new JsonArray()
        .add(new JsonObject().put("setWeight", 20)).add(new JsonObject().put("pause", new JsonObject())));

    try (SteadyLoad load = new SteadyLoad(cluster.port(), EXECUTIONS, DeployerCluster.TOKEN).start(100)) {
      String id = cluster.deploy("orders", "1.1.0", held);
      cluster.awaitStatus(id, "paused", 30_000);
      cluster.kill("deployer-1");
      DeployerCluster.sleep(5_000);
      assertThat(load.servedBy("1.1.0")).as("the gateway routes by the table it has: " + load).isPositive();
      assertThat(status(id)).as("no deployer, no rollback").isEqualTo("paused");

      cluster.startDeployer("deployer-2");
      JsonObject done = cluster.awaitStatus(id, "rolled_back", 60_000);
      JsonObject trigger = done.getJsonObject("rollback").getJsonObject("trigger");
      assertThat(trigger.getString("type")).isEqualTo("error_rate");
      assertThat(trigger.getJsonObject("observed").getLong("count")).isGreaterThanOrEqualTo(50);
      assertThat(trigger.getJsonObject("baseline").getString("version")).isEqualTo("1.0.0");
      assertThat(cluster.routing("orders").getJsonArray("routes").stream().map(JsonObject.class::cast)
          .filter(route -> route.getInteger("weight") > 0).map(route -> route.getString("version")).toList())
          .isEqualTo(List.of("1.0.0"));
      assertThat(cluster.driver(id)).as("driven by the deployer that runs now").startsWith(cluster.driverPrefix("deployer-2"));
    }
  }

  /** The deployment's status as the deployer's table has it (no deployer may be answering). */
  private String status(String id) {
    return (String) cluster.sql("SELECT status FROM deployer.deployments WHERE id = ?::uuid", id).get(0).get("status");
  }

  private static JsonObject failingHalf() {
    return new JsonObject()
        .put("nodes", new JsonArray()
            .add(new JsonObject().put("id", "start").put("type", "trigger"))
            .add(new JsonObject().put("id", "charge").put("type", "fail")
                .put("config", new JsonObject().put("probability", 0.5).put("message", "card declined"))))
        .put("connections", new JsonArray().add(new JsonObject().put("id", "c1").put("from", "start").put("to", "charge")))
        .put("inputSchema", new JsonObject().put("type", "object"));
  }
}
