package io.axon.deploy.deployer.deployment;

import io.axon.deploy.common.events.OutboxRelay;
import io.axon.deploy.deployer.environment.EnvironmentRepository;
import io.axon.deploy.deployer.rollout.RolloutDriver;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

/**
 * Starts the scheduled deployments whose environment's window has opened (checked every second, so
 * also right after a restart): each moves to in_progress with compare-and-set, so that of two
 * deployers only one starts it.
 */
public final class ScheduledStarts {
  private final Pool pool;
  private final DeploymentRepository deployments;
  private final EnvironmentRepository environments;
  private final Gate gate;
  private final RolloutDriver driver;
  private final OutboxRelay relay;

  public ScheduledStarts(Pool pool, DeploymentRepository deployments, EnvironmentRepository environments, Gate gate,
      RolloutDriver driver, OutboxRelay relay) {
    this.pool = pool;
    this.deployments = deployments;
    this.environments = environments;
    this.gate = gate;
    this.driver = driver;
    this.relay = relay;
  }

  public Future<Void> check() {
    return deployments.withStatus(DeploymentStatus.SCHEDULED).compose(ids -> Future.join(ids.stream()
        .map(this::startIfOpen).toList())).mapEmpty();
  }

  private Future<Void> startIfOpen(String id) {
    return pool.withTransaction(tx -> deployments.lock(tx, id).compose(found -> found
            .filter(d -> d.status() == DeploymentStatus.SCHEDULED)
            .map(d -> environments.require(d.environment()).compose(env -> gate.release(tx, d, env)))
            .orElse(Future.succeededFuture(DeploymentStatus.SCHEDULED))))
        .onSuccess(status -> {
          if (status == DeploymentStatus.IN_PROGRESS) {
            relay.nudge();
            driver.drive(id);
          }
        })
        .mapEmpty();
  }
}
