package io.axon.deploy.common.error;

/** A failure that carries the problem to report; thrown or failed-with by domain and services. */
public class ProblemException extends RuntimeException {
  private final transient Problem problem;

  public ProblemException(Problem problem) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
