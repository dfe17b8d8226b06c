package io.axon.deploy.registry.version;

import io.axon.deploy.common.semver.SemanticVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** A stored version of a workflow. {@code revision} counts changes and is the ETag. */
public record WorkflowVersion(
    long id,
    long workflowId,
    String workflow,
    SemanticVersion version,
    VersionStatus status,
    JsonObject definition,
    String digest,
    JsonObject metadata,
    JsonArray dependencies,
    Instant createdAt,
    String createdBy,
    int revision) {

  public String etag() {
    return "\"" + revision + "\"";
  }

  public String subject() {
    return "workflows/" + workflow + "/versions/" + version;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("workflow", workflow)
        .put("version", version.toString())
        .put("status", status.wire())
        .put("definition", definition)
        .put("digest", digest)
        .put("metadata", metadata)
        .put("dependencies", dependencies)
        .put("createdAt", createdAt.toString())
        .put("createdBy", createdBy)
        .put("etag", etag());
  }
}
