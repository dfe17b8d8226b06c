package io.axon.deploy.registry.version;

import io.axon.deploy.common.bus.Reply;
import io.axon.deploy.common.registry.Dependency;
import io.axon.deploy.common.registry.VersionEvent;
import io.axon.deploy.common.registry.VersionStatus;
import io.axon.deploy.common.semver.SemanticVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;

/**
 * A stored version of a workflow. {@code revision} counts changes and is the ETag. A version that
 * has been published has {@code pins}: the node type version each node resolved to then.
 */
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
    int revision,
    Optional<JsonObject> pins) {

  public String etag() {
    return "\"" + revision + "\"";
  }

  public String subject() {
    return "workflows/" + workflow + "/versions/" + version;
  }

  /** The definition as it runs and compares: pinned node type versions where it was published. */
  public JsonObject effectiveDefinition() {
    return pins.map(p -> NodeTypePins.apply(definition, p)).orElse(definition);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("workflow", workflow)
        .put("version", version.toString())
        .put("status", status.wire())
        .put("definition", definition)
        .put("digest", digest)
        .put("metadata", metadata)
        .put("dependencies", dependencies)
        .put("createdAt", createdAt.toString())
        .put("createdBy", createdBy);
    pins.ifPresent(p -> json.put("nodeTypes", p));
    return json;
  }

  /** The version as a reply, with its ETag. */
  public Reply reply(int status) {
    return new Reply(status, java.util.Map.of("ETag", etag()), toJson());
  }

  public VersionEvent event(Optional<VersionStatus> previousStatus, String actor) {
    return new VersionEvent(workflow, version, status, previousStatus, digest, Dependency.fromJson(dependencies), actor);
  }
}
