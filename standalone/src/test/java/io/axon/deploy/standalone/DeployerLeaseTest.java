package io.axon.deploy.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two deployer processes at once on one database, four canaries with timed pauses under way: each
 * deployment is driven by one of them at a time (its lease, {@code deployments.driver}, sampled
 * through the run, never goes back and forth) and no step runs twice (one step-started event per
 * step in the outbox). The process holding leases is then killed with SIGKILL: within the lease's
 * expiry (5 s) and the resume interval (2 s) the other takes its deployments over, and they all
 * succeed.
 */
class DeployerLeaseTest {
  private static final List<String> WORKFLOWS = List.of("billing", "invoices", "orders", "shipping");
  private static final int PAUSE_MS = 3_000;
  /** The lease (5 s) runs out, the survivor's next resume (every 2 s) picks it up; some slack for a busy machine. */
  private static final long TAKEOVER_MS = 5_000 + 2_000 + 3_000;
  private final DeployerCluster cluster = new DeployerCluster("deployer-lease-test");

  @AfterEach
  void stop() throws InterruptedException {
    cluster.close();
  }

  @Test
  void eachDeploymentIsDrivenByOneDeployerAtATimeAndTheOtherTakesOverFromOneKilled() throws Exception {
    cluster.start("deployer-a", "deployer-b");
    Map<String, String> prefixes = Map.of("deployer-a", cluster.driverPrefix("deployer-a"),
        "deployer-b", cluster.driverPrefix("deployer-b"));
    WORKFLOWS.forEach(workflow -> cluster.workflow(workflow, "1.0.0", "1.1.0"));
    List<String> all = new ArrayList<>();
    WORKFLOWS.forEach(workflow -> all.add(cluster.deploy(workflow, "1.0.0", "immediate")));
    all.forEach(id -> cluster.awaitStatus(id, "succeeded", 30_000));

    JsonArray steps = new JsonArray();
    for (int weight : List.of(25, 50, 75)) {
      steps.add(new JsonObject().put("setWeight", weight)).add(new JsonObject().put("pause",
          new JsonObject().put("duration", PAUSE_MS)));
    }
    JsonObject canary = new JsonObject().put("type", "canary").put("steps", steps);
    try (DriverSampler sampler = new DriverSampler(cluster.connect())) {
      Instant started = Instant.now();
      List<String> canaries = new ArrayList<>();
      for (String workflow : WORKFLOWS) {
        canaries.add(cluster.deploy(workflow, "1.1.0", canary));
        String id = canaries.get(canaries.size() - 1);
        DeployerCluster.awaitTrue(() -> cluster.driver(id) != null, 5_000, "a driver for " + id);
        if (canaries.size() > 1 && cluster.driver(id).equals(cluster.driver(canaries.get(canaries.size() - 2)))) {
          cluster.get("/api/v1/deployments/" + id); // the event bus sends round robin: the next create to the other one, likely
        }
      }
      all.addAll(canaries);
      DeployerCluster.sleep(Math.max(0, 3_500 - Duration.between(started, Instant.now()).toMillis()));

      Map<String, String> holders = canaries.stream().collect(Collectors.toMap(id -> id, cluster::driver));
      String victim = prefixes.keySet().stream().max(Comparator.comparingLong(name -> holders.values().stream()
          .filter(driver -> driver != null && driver.startsWith(prefixes.get(name))).count())).orElseThrow();
      String survivor = victim.equals("deployer-a") ? "deployer-b" : "deployer-a";
      List<String> taken = canaries.stream().filter(id -> holders.get(id).startsWith(prefixes.get(victim))).toList();
      assertThat(taken).as("the deployments " + victim + " drives").isNotEmpty();
      assertThat(taken).allSatisfy(id -> assertThat(cluster.deployment(id).getString("status")).isEqualTo("in_progress"));
      cluster.kill(victim);
      Instant killedAt = Instant.now();

      Map<String, Long> takeovers = new LinkedHashMap<>();
      DeployerCluster.awaitTrue(() -> {
        taken.stream().filter(id -> !takeovers.containsKey(id) && String.valueOf(sampler.current(id))
            .startsWith(prefixes.get(survivor))).forEach(id -> takeovers.put(id, Duration.between(killedAt, Instant.now()).toMillis()));
        return takeovers.size() == taken.size();
      }, TAKEOVER_MS + 20_000, "the survivor holding the killed deployer's leases");
      assertThat(takeovers.values()).as("ms from the kill to the takeover").allSatisfy(ms -> assertThat(ms).isLessThan(TAKEOVER_MS));
      canaries.forEach(id -> cluster.awaitStatus(id, "succeeded", 40_000));
      sampler.close();

      for (String id : all) {
        List<String> drivers = sampler.history(id);
        assertThat(drivers).as("the drivers of " + id + " in turn").doesNotHaveDuplicates()
            .allSatisfy(driver -> assertThat(driver).matches(d -> prefixes.values().stream().anyMatch(d::startsWith)));
        assertThat(drivers).as("the drivers of " + id + " in turn").hasSizeLessThanOrEqualTo(taken.contains(id) ? 2 : 1);
        if (taken.contains(id)) {
          assertThat(drivers.get(drivers.size() - 1)).startsWith(prefixes.get(survivor));
        }
      }
      for (String id : canaries) {
        JsonObject done = cluster.deployment(id);
        List<JsonObject> plan = done.getJsonArray("steps").stream().map(JsonObject.class::cast).toList();
        assertThat(plan).extracting(s -> s.getString("name")).containsExactly("load", "set-weight", "pause", "set-weight",
            "pause", "set-weight", "pause", "switch");
        assertThat(plan).extracting(s -> s.getString("status")).containsOnly("succeeded");
        Map<Integer, Long> once = IntStream.rangeClosed(1, plan.size()).boxed().collect(Collectors.toMap(seq -> seq, seq -> 1L));
        assertThat(cluster.stepEvents(id, "axon.deployment.step.started")).as("each step of " + id + " started once").isEqualTo(once);
        assertThat(cluster.stepEvents(id, "axon.deployment.step.completed")).as("each step of " + id + " completed once")
            .isEqualTo(once);
        assertThat(plan.stream().filter(s -> s.getString("name").equals("pause")))
            .allSatisfy(pause -> assertThat(Instant.parse(pause.getString("finishedAt")).toEpochMilli())
                .as("a pause of " + id + " ends when it was to end, not before")
                .isGreaterThanOrEqualTo(pause.getJsonObject("detail").getLong("until")));
        List<Long> revisions = plan.stream().filter(s -> List.of("set-weight", "switch").contains(s.getString("name")))
            .map(s -> s.getJsonObject("detail").getLong("revision")).toList();
        assertThat(revisions).as("the routing revisions of " + id + "'s traffic steps").isSorted().doesNotHaveDuplicates();
      }
      System.out.printf("DeployerLeaseTest: %s killed holding %d of 4 canaries (the other one drove the rest, or"
          + " competed for their leases every 2 s), taken over after %s ms; drivers %s%n",
          victim, taken.size(), takeovers.values(), all.stream().map(sampler::history).toList());
    }
  }

  /**
   * A deployer that loses its lease in the middle of a step, as one stalled past its expiry (a long
   * pause of its JVM, its database unreachable) would, and wakes up to finish it while the other
   * deployer has taken the deployment over and runs the same step: the step is done once. To hold
   * the first one inside its set-weight step, the test keeps the routing table's row locked (the
   * step writes its revision under that lock); it then ends the lease as a stall would have, and
   * lets both through once the other one waits on the lock too.
   */
  @Test
  void aDeployerThatLostItsLeaseMidStepDoesNotRunTheStepAgainBesideTheOneThatTookOver() throws Exception {
    cluster.start("deployer-a", "deployer-b");
    Map<String, String> prefixes = Map.of("deployer-a", cluster.driverPrefix("deployer-a"),
        "deployer-b", cluster.driverPrefix("deployer-b"));
    cluster.workflow("orders", "1.0.0", "1.1.0");
    cluster.awaitStatus(cluster.deploy("orders", "1.0.0", "immediate"), "succeeded", 30_000);
    JsonObject canary = new JsonObject().put("type", "canary").put("steps", new JsonArray()
        .add(new JsonObject().put("setWeight", 20)).add(new JsonObject().put("pause", new JsonObject().put("duration", 1_000))));

    String id;
    String stale;
    String other;
    try (Connection lock = cluster.connect()) {
      lock.setAutoCommit(false);
      try (Statement statement = lock.createStatement()) {
        statement.executeQuery("SELECT revision FROM deployer.routing_tables WHERE environment = 'development'"
            + " AND workflow = 'orders' FOR UPDATE").close();
      }
      id = cluster.deploy("orders", "1.1.0", canary);
      DeployerCluster.awaitTrue(() -> "running".equals(stepStatus(id, 2)), 15_000, "the set-weight step under way");
      DeployerCluster.sleep(500); // its holder waits on the routing table's lock
      String holder = cluster.driver(id);
      stale = prefixes.keySet().stream().filter(name -> holder.startsWith(prefixes.get(name))).findFirst().orElseThrow();
      other = stale.equals("deployer-a") ? "deployer-b" : "deployer-a";
      // what a stall past the lease leaves: the lease run out, and renewals by the stalled holder no longer land
      assertThat(cluster.update("UPDATE deployer.deployments SET driver = 'stalled ' || driver,"
          + " lease_until = now() - interval '1 second' WHERE id = ?::uuid", id)).isEqualTo(1);
      DeployerCluster.awaitTrue(() -> cluster.driver(id).startsWith(prefixes.get(other)), TAKEOVER_MS,
          "the other deployer taking the lease over");
      DeployerCluster.sleep(1_000); // it runs the same step, and waits on the lock too
      assertThat(stepStatus(id, 2)).isEqualTo("running");
      lock.commit();
    }

    JsonObject done = cluster.awaitStatus(id, "succeeded", 30_000);
    DeployerCluster.sleep(1_000); // whatever the deployer that lost its lease still does, it has done by now
    List<Map<String, Object>> revisions = cluster.sql("SELECT (event->'data'->>'revision')::bigint AS revision"
        + " FROM deployer.outbox WHERE event->>'type' = 'axon.routing.revised' AND event->'data'->'routes' @> ?::jsonb"
        + " ORDER BY seq", new JsonArray().add(new JsonObject().put("deploymentId", id).put("weight", 20)).encode());
    Map<Integer, Long> once = Map.of(1, 1L, 2, 1L, 3, 1L, 4, 1L);
    assertThat(cluster.stepEvents(id, "axon.deployment.step.started")).as("each step started once").isEqualTo(once);
    assertThat(cluster.stepEvents(id, "axon.deployment.step.completed")).as("each step completed once; revisions at 20%: "
        + revisions).isEqualTo(once);
    assertThat(revisions).as("routing revisions with the canary at 20%").hasSize(1);
    assertThat(done.getJsonArray("steps").getJsonObject(1).getJsonObject("detail").getLong("revision"))
        .isEqualTo(revisions.get(0).get("revision"));
    assertThat(cluster.driver(id)).startsWith(prefixes.get(other));
    System.out.printf("DeployerLeaseTest: %s lost its lease in its set-weight step, %s took over%n", stale, other);
  }

  private String stepStatus(String id, int seq) {
    return (String) cluster.sql("SELECT status FROM deployer.deployment_steps WHERE deployment_id = ?::uuid AND seq = ?",
        id, seq).get(0).get("status");
  }

  /**
   * Reads who holds each deployment's lease every 100 ms on a thread of its own, and keeps the
   * holders in the order seen.
   */
  private static final class DriverSampler implements AutoCloseable {
    private final Map<String, List<String>> histories = new ConcurrentHashMap<>();
    private final Connection connection;
    private final Thread thread;
    private volatile boolean running = true;

    DriverSampler(Connection connection) {
      this.connection = connection;
      this.thread = new Thread(this::sample, "driver-sampler");
      thread.start();
    }

    private void sample() {
      try (Statement statement = connection.createStatement()) {
        while (running) {
          try (ResultSet rows = statement.executeQuery("SELECT id::text, driver FROM deployer.deployments")) {
            while (rows.next()) {
              String driver = rows.getString(2);
              if (driver != null) {
                List<String> seen = histories.computeIfAbsent(rows.getString(1), id -> new java.util.concurrent.CopyOnWriteArrayList<>());
                if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(driver)) {
                  seen.add(driver);
                }
              }
            }
          }
          Thread.sleep(100); // a thread of the test's own
        }
      } catch (Exception e) {
        if (running) {
          throw new IllegalStateException("could not sample the drivers", e);
        }
      }
    }

    String current(String id) {
      List<String> seen = histories.getOrDefault(id, List.of());
      return seen.isEmpty() ? null : seen.get(seen.size() - 1);
    }

    /** The drivers of {@code id} in the order they held it; a driver that holds it again after another is listed twice. */
    List<String> history(String id) {
      return List.copyOf(histories.getOrDefault(id, List.of()));
    }

    @Override
    public void close() throws Exception {
      running = false;
      thread.join(5_000);
      connection.close();
    }
  }
}
