package io.axon.deploy.deployer.environment;

import io.axon.deploy.common.registry.VersionStatus;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * An environment, its configuration and its restrictions (DESIGN §2), at a revision: the deployer
 * reads what it enforces through the methods below.
 */
public record Environment(String name, String type, EnvironmentConfig config, Restrictions restrictions, int revision) {

  /** The statuses a version may have to be deployed here, as their wire names. */
  public List<String> allowedVersionStatuses() {
    return restrictions.allowedVersionStatuses().stream().map(VersionStatus::wire).toList();
  }

  public boolean allows(VersionStatus status) {
    return restrictions.allowedVersionStatuses().contains(status);
  }

  public boolean requiresApproval() {
    return restrictions.requiresApproval();
  }

  /** How many approvals a deployment needs; 0 when none is required. */
  public int approvalsRequired() {
    return restrictions.requiresApproval() ? restrictions.approvalsRequired() : 0;
  }

  public int maxConcurrentDeployments() {
    return restrictions.maxConcurrentDeployments();
  }

  /** The environment a version must have succeeded in before it comes here. */
  public Optional<String> promotionSource() {
    return restrictions.promotionSource();
  }

  /** When deployments may start here: windows and freezes. */
  public DeploymentSchedule schedule() {
    return restrictions.schedule();
  }

  /** The representation of DESIGN §3; variables marked secret show only that they are set. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", name)
        .put("name", name)
        .put("type", type)
        .put("config", config.toJson())
        .put("restrictions", restrictions.toJson());
  }

  public long approvalExpiry() {
    return restrictions.approvalExpiry().toMillis();
  }

  public long progressDeadline() {
    return restrictions.progressDeadline().toMillis();
  }

  public boolean rollbackNeedsApproval() {
    return restrictions.rollbackPolicy().manual().approvalRequired();
  }

  public String etag() {
    return "\"" + name + "-" + revision + "\"";
  }

  /** As a row keeps it; the restrictions were checked when they were written. */
  public static Environment fromStored(String name, String type, JsonObject config, JsonObject restrictions, int revision) {
    return new Environment(name, type, EnvironmentConfig.fromStored(config), Restrictions.fromJson(restrictions), revision);
  }
}
