package io.axon.deploy.deployer.rollout;

import io.axon.deploy.deployer.deployment.Deployment;
import io.axon.deploy.deployer.deployment.DeploymentRepository;
import io.axon.deploy.deployer.deployment.Step;
import io.axon.deploy.deployer.fleet.Fleet;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;

/**
 * A canary's analysis step, as Argo runs an AnalysisRun inline: once its {@code duration} is over,
 * the monitor judges the canary's executions since the step began against the stable version's
 * over the same window. A pass completes the step; a failure rolls the deployment back at once; an
 * inconclusive verdict (too few executions) is asked again every {@link #RECHECK_MS}, so a canary
 * never moves on without enough traffic to judge, and its progress deadline ends one that never gets
 * it; meanwhile the latest verdict is on the step and the deployment's message says why it waits.
 */
public final class AnalysisSteps {
  static final long RECHECK_MS = 1_000;
  private final Fleet fleet;
  private final DeploymentRepository deployments;
  private final Clock clock;

  public AnalysisSteps(Fleet fleet, DeploymentRepository deployments, Clock clock) {
    this.fleet = fleet;
    this.deployments = deployments;
    this.clock = clock;
  }

  public Future<StepOutcome> analyse(Deployment deployment, Step step) {
    long until = step.detail().getLong("until", 0L);
    if (clock.millis() < until) {
      return Future.succeededFuture(StepOutcome.until(Instant.ofEpochMilli(until)));
    }
    JsonObject request = new JsonObject().put("environment", deployment.environment())
        .put("workflow", deployment.workflow()).put("version", deployment.version())
        .put("baseline", deployment.previousVersion().orElse(null))
        .put("since", step.startedAt().map(Instant::toEpochMilli).orElse(until - step.detail().getLong("duration", 0L)))
        .put("minSamples", step.detail().getInteger("minSamples"))
        .put("maxErrorRate", step.detail().getDouble("maxErrorRate"))
        .put("minSuccessRate", step.detail().getDouble("minSuccessRate"));
    return fleet.analyse(request).compose(verdict -> switch (verdict.getString("verdict")) {
      case "pass" -> Future.succeededFuture(StepOutcome.done(new JsonObject().put("analysis", verdict)));
      case "fail" -> Future.failedFuture(new StepFailure(verdict.getString("summary")));
      // the user sees why the canary does not move on: on the step, and as the deployment's message
      default -> deployments.noteWaiting(deployment.id(), step.seq(), new JsonObject().put("analysis", verdict),
              "analysis at step " + step.seq() + " waits: " + verdict.getString("summary"))
          .map(v -> StepOutcome.until(clock.instant().plusMillis(RECHECK_MS)));
    });
  }
}
