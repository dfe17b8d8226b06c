package io.axon.deploy.deployer.deployment;

import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.monitor.InstanceView;
import io.axon.deploy.common.registry.VersionStatus;
import io.axon.deploy.deployer.environment.Environment;
import io.axon.deploy.deployer.fleet.Fleet;
import io.axon.deploy.deployer.strategy.Strategy;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Whether a version may be deployed into an environment, before anything is written: it exists and
 * its status is one the environment takes, it succeeded in the environment's promotion source first,
 * its required dependencies resolve there (the registry's word: workflows live there, node types,
 * services and libraries offered by its healthy instances), and a rolling deployment has instances
 * to roll over. Each refusal names its reason. (The limits that need a lock, one deployment per
 * workflow and the environment's maximum, are checked in the transaction that writes the deployment.)
 */
public final class Admission {
  private final Fleet fleet;
  private final DeploymentRepository deployments;

  public Admission(Fleet fleet, DeploymentRepository deployments) {
    this.fleet = fleet;
    this.deployments = deployments;
  }

  /** The version as the registry spells it, and the healthy instances now (a rolling plan batches them). */
  public record Admitted(String version, List<String> instances) {
  }

  public Future<Admitted> admit(Environment environment, DeploymentRequest request) {
    String version = request.version().toString();
    return Future.all(fleet.version(request.workflow(), version), fleet.instances(environment.name()),
            environment.promotionSource().map(source -> deployments.succeededIn(source, request.workflow(), version))
                .orElse(Future.succeededFuture(true)),
            fleet.dependencies(request.workflow(), version, environment.name()))
        .map(all -> {
          JsonObject found = all.resultAt(0);
          VersionStatus status = VersionStatus.fromWire(found.getString("status"));
          if (!environment.allows(status)) {
            throw Problem.at(ProblemType.UNPROCESSABLE, "/version", environment.name() + " takes versions that are "
                + String.join(" or ", environment.allowedVersionStatuses()) + "; " + version + " is " + status.wire());
          }
          if (!all.<Boolean>resultAt(2)) {
            throw Problem.at(ProblemType.UNPROCESSABLE, "/version", version + " of " + request.workflow()
                + " must succeed in " + environment.promotionSource().orElseThrow() + " before it goes to "
                + environment.name() + " (its promotion source)");
          }
          JsonArray missing = all.<JsonObject>resultAt(3).getJsonArray("missing", new JsonArray());
          if (!missing.isEmpty()) {
            List<FieldError> errors = missing.stream().map(JsonObject.class::cast).map(m -> new FieldError("/version",
                m.getString("type") + " " + m.getString("name") + " " + m.getString("constraint") + ": " + m.getString("reason")))
                .toList();
            throw Problem.unprocessable(version + " of " + request.workflow() + " has " + errors.size()
                + " dependenc" + (errors.size() == 1 ? "y" : "ies") + " that do not resolve in " + environment.name() + ": "
                + String.join("; ", errors.stream().map(FieldError::message).toList()), errors);
          }
          List<String> healthy = all.<List<InstanceView>>resultAt(1).stream().filter(InstanceView::healthy)
              .map(InstanceView::instanceId).toList();
          if (request.strategy().type() == Strategy.Type.ROLLING && healthy.isEmpty()) {
            throw Problem.conflict("no healthy engine instance in " + environment.name() + " to roll " + version + " over");
          }
          return new Admitted(found.getString("version"), healthy);
        });
  }
}
