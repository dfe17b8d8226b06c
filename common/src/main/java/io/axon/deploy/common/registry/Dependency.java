package io.axon.deploy.common.registry;

import io.axon.deploy.common.semver.VersionRange;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** What a version needs: a workflow, node type, service or library in an npm range. */
public record Dependency(String type, String name, VersionRange constraint, boolean required) {

  /** Reads dependencies the registry has already checked (types known, ranges valid). */
  public static List<Dependency> fromJson(JsonArray dependencies) {
    return dependencies.stream().map(JsonObject.class::cast)
        .map(d -> new Dependency(d.getString("type"), d.getString("name"), VersionRange.parse(d.getString("constraint")),
            d.getBoolean("required", true)))
        .toList();
  }

  public String key() {
    return type + ":" + name;
  }

  public JsonObject toJson() {
    return new JsonObject().put("type", type).put("name", name).put("constraint", constraint.toString()).put("required", required);
  }
}
