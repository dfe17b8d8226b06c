package io.axon.deploy.registry.change;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One difference between two definitions. {@code path} addresses the changed value in the
 * definition with nodes and connections keyed by id ({@code /nodes/enrich/config/url}); {@code before}
 * and {@code after} are the values there ({@link #ABSENT} when there is none), so that a change set
 * can be applied and reversed.
 */
public record Change(String kind, String path, Impact impact, ChangelogType changelogType, String description,
    List<String> affectedComponents, Object before, Object after) {

  /** Stands for a value that does not exist on one side. */
  public static final Object ABSENT = new Object() {
    @Override
    public String toString() {
      return "absent";
    }
  };

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("kind", kind)
        .put("path", path)
        .put("impact", impact.wire())
        .put("changelogType", changelogType.wire())
        .put("description", description)
        .put("affectedComponents", new JsonArray(affectedComponents));
    if (before != ABSENT) {
      json.put("before", before);
    }
    if (after != ABSENT) {
      json.put("after", after);
    }
    return json;
  }
}
