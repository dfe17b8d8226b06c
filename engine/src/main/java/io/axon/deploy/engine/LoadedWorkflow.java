package io.axon.deploy.engine;

import io.axon.deploy.engine.plan.WorkflowPlan;
import io.vertx.core.json.JsonObject;

/** A workflow version this instance hosts: its plan and the digest of the definition it came from. */
public record LoadedWorkflow(String workflow, String version, String digest, WorkflowPlan plan) {
  public JsonObject toJson() {
    return new JsonObject().put("workflow", workflow).put("version", version).put("digest", digest)
        .put("nodes", plan.nodes().size());
  }
}
