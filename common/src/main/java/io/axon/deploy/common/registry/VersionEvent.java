package io.axon.deploy.common.registry;

import io.axon.deploy.common.semver.SemanticVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * What a version event says of the version: enough for a consumer to act without asking back
 * (the deployer's catalogue of deployable versions, the registry's view of what is live).
 * {@code previousStatus} is absent for a new version.
 */
public record VersionEvent(String workflow, SemanticVersion version, VersionStatus status,
    Optional<VersionStatus> previousStatus, String digest, List<Dependency> dependencies, String actor) {

  public String subject() {
    return "workflows/" + workflow + "/versions/" + version;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("workflow", workflow)
        .put("version", version.toString())
        .put("status", status.wire())
        .put("previousStatus", previousStatus.map(VersionStatus::wire).orElse(null))
        .put("digest", digest)
        .put("dependencies", new JsonArray(dependencies.stream().map(Dependency::toJson).toList()))
        .put("actor", actor);
  }

  public static VersionEvent fromJson(JsonObject json) {
    return new VersionEvent(json.getString("workflow"), SemanticVersion.parse(json.getString("version")),
        VersionStatus.fromWire(json.getString("status")),
        Optional.ofNullable(json.getString("previousStatus")).map(VersionStatus::fromWire),
        json.getString("digest"), Dependency.fromJson(json.getJsonArray("dependencies", new JsonArray())),
        json.getString("actor"));
  }
}
