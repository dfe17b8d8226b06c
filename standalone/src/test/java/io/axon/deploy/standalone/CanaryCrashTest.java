package io.axon.deploy.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A canary in its timed pause at 20% when its deployer process is killed with SIGKILL, under a
 * steady 100 executions a second through the gateway: the gateway goes on routing by the table it
 * has, and the next deployer process carries on at the same step, the pause ending when it was to
 * end. No execution fails: the deployer is not on their path.
 */
class CanaryCrashTest {
  private static final String EXECUTIONS = "/api/v1/environments/development/workflows/orders/executions";
  /**
   * Long enough for the next deployer process to start (11 to 16 s seen on a busy two-core machine)
   * and take the lease over before the pause ends, so that it is seen to wait for that end. (On a
   * slower day it takes over after the end, and the pause must end at once.)
   */
  private static final long PAUSE_MS = 20_000;
  private final DeployerCluster cluster = new DeployerCluster("canary-crash-test");

  @AfterEach
  void stop() throws InterruptedException {
    cluster.close();
  }

  @Test
  void aCanaryKilledInItsTimedPauseGoesOnAtTheSameStepWithTheNextDeployer() throws Exception {
    cluster.start("deployer-1");
    cluster.workflow("orders", "1.0.0", "1.1.0");
    cluster.awaitStatus(cluster.deploy("orders", "1.0.0", "immediate"), "succeeded", 30_000);
    JsonObject canary = new JsonObject().put("type", "canary").put("steps", new JsonArray()
        .add(new JsonObject().put("setWeight", 20))
        .add(new JsonObject().put("pause", new JsonObject().put("duration", PAUSE_MS)))
        .add(new JsonObject().put("setWeight", 50))
        .add(new JsonObject().put("pause", new JsonObject())));

    try (SteadyLoad load = new SteadyLoad(cluster.port(), EXECUTIONS, DeployerCluster.TOKEN).start(100)) {
      DeployerCluster.sleep(500);
      String id = cluster.deploy("orders", "1.1.0", canary);
      JsonObject pausing = cluster.awaitDeployment(id, d -> "running".equals(step(d, 3).getString("status")), 30_000,
          "the timed pause under way");
      long revision = step(pausing, 2).getJsonObject("detail").getLong("revision");
      JsonObject pause = step(pausing, 3);
      long until = pause.getJsonObject("detail").getLong("until");
      assertThat(cluster.driver(id)).startsWith(cluster.driverPrefix("deployer-1"));
      assertThat(weights(cluster.routing("orders"))).isEqualTo(Map.of("1.0.0", 80, "1.1.0", 20));

      int servedAtKill = load.succeeded();
      int newAtKill = load.servedBy("1.1.0");
      cluster.kill("deployer-1");
      Instant killedAt = Instant.now();
      cluster.startDeployer("deployer-2");
      String next = cluster.driverPrefix("deployer-2");
      DeployerCluster.awaitTrue(() -> String.valueOf(cluster.driver(id)).startsWith(next), 60_000,
          "the next deployer holding the lease");
      Instant takenOverAt = Instant.now();
      int served = load.succeeded() - servedAtKill;
      int servedNew = load.servedBy("1.1.0") - newAtKill;
      assertThat(load.failed()).as("executions while no deployer runs: " + load).isZero();
      assertThat(served).as("executions served by the last table while no deployer ran").isGreaterThan(200);
      assertThat(servedNew / (double) served).as("the share of 1.1.0 meanwhile (" + servedNew + " of " + served + ")")
          .isBetween(0.12, 0.28);

      JsonObject held = cluster.awaitStatus(id, "paused", 30_000);
      assertThat(held.getString("message")).contains("waiting for a promote");
      assertThat(step(held, 2).getJsonObject("detail").getLong("revision")).as("the 20% step is not run again")
          .isEqualTo(revision);
      assertThat(step(held, 2).getString("finishedAt")).isEqualTo(step(pausing, 2).getString("finishedAt"));
      JsonObject paused = step(held, 3);
      assertThat(paused.getString("status")).isEqualTo("succeeded");
      assertThat(paused.getString("startedAt")).as("the pause is not started again").isEqualTo(pause.getString("startedAt"));
      assertThat(paused.getJsonObject("detail").getLong("until")).isEqualTo(until);
      long finished = Instant.parse(paused.getString("finishedAt")).toEpochMilli();
      assertThat(finished).as("the pause ends when it was to end, not before").isGreaterThanOrEqualTo(until);
      assertThat(finished).as("... nor a pause later: it was not restarted by the next deployer")
          .isLessThan(Math.max(until, takenOverAt.toEpochMilli()) + 1_500);
      assertThat(step(held, 4).getJsonObject("detail").getLong("revision")).isGreaterThan(revision);
      assertThat(weights(cluster.routing("orders"))).isEqualTo(Map.of("1.0.0", 50, "1.1.0", 50));

      assertThat(cluster.post("/api/v1/deployments/" + id + "/promote", new JsonObject()).statusCode()).isEqualTo(200);
      JsonObject done = cluster.awaitStatus(id, "succeeded", 30_000);
      assertThat(done.getJsonArray("steps").stream().map(s -> ((JsonObject) s).getString("name")))
          .containsExactly("load", "set-weight", "pause", "set-weight", "pause", "switch");
      assertThat(cluster.stepEvents(id, "axon.deployment.step.started")).as("each step started once")
          .isEqualTo(Map.of(1, 1L, 2, 1L, 3, 1L, 4, 1L, 5, 1L, 6, 1L));
      assertThat(weights(cluster.routing("orders"))).containsEntry("1.1.0", 100);
      DeployerCluster.sleep(500);
      load.close();
      assertThat(load.failed()).as(load.toString()).isZero();
      System.out.printf("CanaryCrashTest: lease taken over %d ms after the kill, %d ms before the pause's end;"
          + " the pause ended %d ms after its end;"
          + " %d executions served by the last table meanwhile, %d on 1.1.0; %s%n",
          Duration.between(killedAt, takenOverAt).toMillis(), until - takenOverAt.toEpochMilli(), finished - until, served,
          servedNew, load);
    }
  }

  private static JsonObject step(JsonObject deployment, int seq) {
    return deployment.getJsonArray("steps").stream().map(JsonObject.class::cast)
        .filter(s -> s.getInteger("seq") == seq).findFirst().orElseThrow();
  }

  /** The routing table's weights by version, leaving out versions at 0. */
  static Map<String, Integer> weights(JsonObject routing) {
    return routing.getJsonArray("routes").stream().map(JsonObject.class::cast).filter(r -> r.getInteger("weight") > 0)
        .collect(java.util.stream.Collectors.toMap(r -> r.getString("version"), r -> r.getInteger("weight")));
  }
}
