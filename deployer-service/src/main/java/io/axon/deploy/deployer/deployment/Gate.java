package io.axon.deploy.deployer.deployment;

import io.axon.deploy.deployer.environment.Environment;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.util.Optional;

/**
 * Decides whether a deployment that may go (approved, or needing no approval) starts now or waits
 * in {@code scheduled} for its environment's next deployment window, out of every freeze. The
 * scheduled ones are started by {@link ScheduledStarts} when their window opens.
 */
public final class Gate {
  private final Transitions transitions;
  private final Clock clock;

  public Gate(Transitions transitions, Clock clock) {
    this.transitions = transitions;
    this.clock = clock;
  }

  /** The status a deployment that may go takes now in {@code environment}. */
  public DeploymentStatus statusNow(Environment environment) {
    return environment.schedule().open(clock.instant()) ? DeploymentStatus.IN_PROGRESS : DeploymentStatus.SCHEDULED;
  }

  /** Moves {@code deployment} on from {@code pending_approval} (or {@code scheduled}); the status it took. */
  public Future<DeploymentStatus> release(SqlClient tx, Deployment deployment, Environment environment) {
    DeploymentStatus to = statusNow(environment);
    if (to == deployment.status()) {
      return Future.succeededFuture(to);
    }
    Optional<String> why = to == DeploymentStatus.SCHEDULED
        ? Optional.of("waiting for " + environment.name() + "'s deployment window: " + environment.schedule().describe(clock.instant()))
        : Optional.empty();
    return transitions.move(tx, deployment, to, why).map(to);
  }
}
