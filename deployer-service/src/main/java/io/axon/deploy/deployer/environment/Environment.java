package io.axon.deploy.deployer.environment;

import io.axon.deploy.common.registry.VersionStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * An environment and its restrictions (DESIGN §2). The restrictions are kept whole, as stored; the
 * deployer reads the ones it enforces through the methods below.
 */
public record Environment(String name, String type, JsonObject config, JsonObject restrictions, int revision) {

  public List<String> allowedVersionStatuses() {
    return restrictions.getJsonArray("allowedVersionStatuses", new JsonArray()).stream().map(String::valueOf).toList();
  }

  public boolean allows(VersionStatus status) {
    return allowedVersionStatuses().contains(status.wire());
  }

  public boolean requiresApproval() {
    return restrictions.getBoolean("requiresApproval", false);
  }

  /** The representation of DESIGN §3; variables marked secret show only that they are set. */
  public JsonObject toJson() {
    JsonObject variables = new JsonObject();
    config.getJsonObject("variables", new JsonObject()).forEach(entry -> {
      boolean secret = entry.getValue() instanceof JsonObject variable && variable.getBoolean("secret", false);
      variables.put(entry.getKey(), secret ? new JsonObject().put("secret", true) : entry.getValue());
    });
    return new JsonObject()
        .put("id", name)
        .put("name", name)
        .put("type", type)
        .put("config", config.copy().put("variables", variables))
        .put("restrictions", restrictions);
  }

  public int approvalsRequired() {
    return restrictions.getInteger("approvalsRequired", 0);
  }

  public int maxConcurrentDeployments() {
    return restrictions.getInteger("maxConcurrentDeployments", 10);
  }

  public java.util.Optional<String> promotionSource() {
    return java.util.Optional.ofNullable(restrictions.getString("promotionSource"));
  }

  public long approvalExpiry() {
    return restrictions.getLong("approvalExpiry", 86_400_000L);
  }

  public long progressDeadline() {
    return restrictions.getLong("progressDeadline", 3_600_000L);
  }

  public boolean rollbackNeedsApproval() {
    return restrictions.getJsonObject("rollbackPolicy", new JsonObject()).getJsonObject("manual", new JsonObject())
        .getBoolean("approvalRequired", false);
  }

  public DeploymentSchedule schedule() {
    return new DeploymentSchedule();
  }

  public String etag() {
    return "\"" + name + "-" + revision + "\"";
  }
}
