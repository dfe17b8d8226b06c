package io.axon.deploy.deployer.deployment;

import io.axon.deploy.common.deployer.DeployerEvents;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.events.CloudEvent;
import io.axon.deploy.common.events.Outbox;
import io.axon.deploy.deployer.deployment.Deployment.Rollback;
import io.axon.deploy.deployer.strategy.PlannedStep;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.util.List;
import java.util.Optional;

/**
 * Every change of a deployment's status, and every step's progress, persisted with its CloudEvent
 * in the same transaction (DESIGN §2: "every transition is persisted before it takes effect and
 * published as an event"). Each event's data names the deployment, its workflow and environment,
 * so that a stream can filter on them.
 */
public final class Transitions {
  private final DeploymentRepository deployments;
  private final Outbox outbox;

  public Transitions(DeploymentRepository deployments, Outbox outbox) {
    this.deployments = deployments;
    this.outbox = outbox;
  }

  /** Moves {@code deployment} from its status to {@code to}; a 409 when it had moved on meanwhile. */
  public Future<Void> move(SqlClient tx, Deployment deployment, DeploymentStatus to, Optional<String> why) {
    return move(tx, deployment, to, why, Optional.empty());
  }

  /**
   * Starts rolling {@code deployment} back: the steps not done are skipped, {@code steps} appended,
   * and it moves to rolling_back, to end as {@code rollback.endsAs()}.
   */
  public Future<Void> rollBack(SqlClient tx, Deployment deployment, Rollback rollback, String why,
      List<PlannedStep> steps) {
    int last = deployment.lastSeq();
    return deployments.skipPending(tx, deployment.id(), 1, last)
        .compose(v -> deployments.appendSteps(tx, deployment.id(), last + 1, steps))
        .compose(v -> move(tx, deployment, DeploymentStatus.ROLLING_BACK, Optional.of(why), Optional.of(rollback)));
  }

  private Future<Void> move(SqlClient tx, Deployment deployment, DeploymentStatus to, Optional<String> why,
      Optional<Rollback> rollback) {
    return deployments.move(tx, deployment.id(), deployment.status(), to, why, rollback)
        .compose(moved -> !moved
            ? Future.failedFuture(Problem.conflict("deployment " + deployment.id() + " is no longer "
                + deployment.status().wire() + "; it moved on meanwhile"))
            : outbox.append(tx, CloudEvent.of("deployer", DeployerEvents.DEPLOYMENT_STATUS_CHANGED, deployment.subject(),
                about(deployment).put("previousStatus", deployment.status().wire()).put("status", to.wire())
                    .put("reason", why.orElse(null))
                    .put("rollbackTarget", rollback.flatMap(Rollback::target).orElse(null)))));
  }

  /** The event of a deployment just made (its first status). */
  public Future<Void> created(SqlClient tx, Deployment deployment) {
    return outbox.append(tx, CloudEvent.of("deployer", DeployerEvents.DEPLOYMENT_STATUS_CHANGED, deployment.subject(),
        about(deployment).put("previousStatus", null).put("status", deployment.status().wire())
            .put("strategy", deployment.strategy().toJson())));
  }

  /** A step's event ({@link DeployerEvents#STEP_STARTED} and the like). */
  public Future<Void> step(SqlClient tx, Deployment deployment, Step step, String type, JsonObject detail) {
    return outbox.append(tx, CloudEvent.of("deployer", type, deployment.subject(), about(deployment)
        .put("seq", step.seq()).put("step", step.name()).put("detail", detail)));
  }

  /** Another event about a deployment (an approval, a control), in its stream. */
  public Future<Void> event(SqlClient tx, Deployment deployment, String type, JsonObject detail) {
    return outbox.append(tx, CloudEvent.of("deployer", type, deployment.subject(), about(deployment).mergeIn(detail)));
  }

  private static JsonObject about(Deployment deployment) {
    return new JsonObject().put("deploymentId", deployment.id()).put("id", deployment.id())
        .put("workflow", deployment.workflow()).put("version", deployment.version())
        .put("environment", deployment.environment());
  }
}
