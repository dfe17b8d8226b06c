package io.axon.deploy.deployer.rollout;

import io.axon.deploy.deployer.deployment.Deployment;
import io.axon.deploy.deployer.deployment.Step;
import io.axon.deploy.deployer.strategy.PlannedStep;
import io.axon.deploy.deployer.strategy.StepKind;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps that take a deployment's traffic back, each strategy its own way: a rolling deployment
 * reverts its batches one by one, newest first, then restores; the others restore in one step
 * (blue-green switches back at once, a canary's weight drops to 0).
 */
public final class RollbackPlan {

  private RollbackPlan() {
  }

  public static List<PlannedStep> of(Deployment deployment) {
    List<PlannedStep> steps = new ArrayList<>();
    List<Step> batches = deployment.steps().stream()
        .filter(step -> step.kind() == StepKind.BATCH && step.status() != Step.Status.PENDING
            && step.status() != Step.Status.SKIPPED)
        .toList();
    for (int i = batches.size() - 1; i >= 0; i--) {
      JsonObject batch = batches.get(i).detail();
      steps.add(new PlannedStep(StepKind.REVERT_BATCH, new JsonObject()
          .put("instances", batch.getJsonArray("instances").copy()).put("batch", batches.get(i).seq())));
    }
    steps.add(PlannedStep.of(StepKind.RESTORE));
    return steps;
  }
}
