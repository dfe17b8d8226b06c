package io.axon.deploy.deployer.rollout;

import io.axon.deploy.common.monitor.InstanceView;
import io.axon.deploy.deployer.deployment.Deployment;
import io.axon.deploy.deployer.deployment.Step;
import io.axon.deploy.deployer.fleet.Fleet;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Blue-green's checks of the new version before it takes traffic: every instance hosting it is
 * healthy (asked again every {@link #POLL_MS} until the step's timeout), then the definition's smoke
 * tests pass on it. A failed check ends the deployment's way forward; retrying would not change it.
 */
public final class VerificationSteps {
  static final long POLL_MS = 500;
  private final Fleet fleet;
  private final Clock clock;

  public VerificationSteps(Fleet fleet, Clock clock) {
    this.fleet = fleet;
    this.clock = clock;
  }

  public Future<StepOutcome> healthCheck(Deployment deployment, Step step) {
    return fleet.instances(deployment.environment()).map(instances -> {
      List<InstanceView> hosting = instances.stream()
          .filter(instance -> instance.hosts(deployment.workflow(), deployment.version())).toList();
      List<String> sick = hosting.stream().filter(instance -> !instance.healthy()).map(InstanceView::instanceId).toList();
      if (!hosting.isEmpty() && sick.isEmpty()) {
        return StepOutcome.done(new JsonObject().put("healthy", new JsonArray(hosting.stream()
            .map(InstanceView::instanceId).toList())));
      }
      Instant now = clock.instant();
      if (now.toEpochMilli() >= step.detail().getLong("until", 0L)) {
        throw new StepFailure(hosting.isEmpty()
            ? "no instance hosts " + deployment.version() + " to health-check"
            : "instances " + sick + " were not healthy within " + step.detail().getLong("timeout") + " ms");
      }
      return StepOutcome.until(now.plusMillis(POLL_MS));
    });
  }

  /** Runs each smoke test of the definition on a healthy instance that hosts the version. */
  public Future<StepOutcome> smokeTests(Deployment deployment, Step step) {
    return Future.all(fleet.instances(deployment.environment()), fleet.version(deployment.workflow(), deployment.version()))
        .compose(both -> {
          InstanceView instance = both.<List<InstanceView>>resultAt(0).stream()
              .filter(i -> i.healthy() && i.hosts(deployment.workflow(), deployment.version())).findFirst()
              .orElseThrow(() -> new IllegalStateException("no healthy instance hosts " + deployment.version()));
          JsonArray tests = both.<JsonObject>resultAt(1).getJsonObject("definition").getJsonArray("smokeTests", new JsonArray());
          List<Future<String>> runs = new ArrayList<>();
          for (int i = 0; i < tests.size(); i++) {
            runs.add(run(deployment, instance, tests.getJsonObject(i), i));
          }
          return Future.all(runs).map(done -> {
            List<String> failures = runs.stream().map(Future::result).filter(Objects::nonNull).toList();
            if (!failures.isEmpty()) {
              throw new StepFailure("smoke tests failed: " + String.join("; ", failures));
            }
            return StepOutcome.done(new JsonObject().put("passed", tests.size()).put("instance", instance.instanceId()));
          });
        });
  }

  /** Null when the test passed; what went wrong otherwise. */
  private Future<String> run(Deployment deployment, InstanceView instance, JsonObject test, int index) {
    String name = test.getString("name", "smoke test " + index);
    JsonObject expect = test.getJsonObject("expect", new JsonObject());
    return fleet.execute(instance, deployment.workflow(), deployment.version(), test.getJsonObject("input", new JsonObject()))
        .map(response -> {
          JsonObject answer;
          try {
            answer = response.bodyAsJsonObject();
          } catch (RuntimeException e) {
            return "'" + name + "': the engine answered " + response.statusCode() + " without JSON";
          }
          return SmokeTest.mismatch(name, expect, answer == null ? new JsonObject() : answer);
        });
  }
}
