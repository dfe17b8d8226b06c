package io.axon.deploy.deployer.rollout;

/** A step that failed for a reason another attempt will not change (a smoke test, a health check that timed out). */
public final class StepFailure extends RuntimeException {
  public StepFailure(String message) {
    super(message, null, false, false);
  }
}
