package io.axon.deploy.deployer.rollout;

import io.axon.deploy.deployer.deployment.Deployment;
import io.axon.deploy.deployer.deployment.Step;
import io.vertx.core.Future;

/**
 * Runs one kind of step of a running deployment. Running it again after a crash (or after a failed
 * attempt) must reach the same state: what the step already did is in {@code step.detail()}.
 * A failed future is retried; a {@link StepFailure} ends the deployment's way forward at once.
 */
@FunctionalInterface
public interface StepRunner {
  Future<StepOutcome> run(Deployment deployment, Step step);
}
