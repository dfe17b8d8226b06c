package io.axon.deploy.registry.change;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Changelog entries generated from changes and merged with the author's; Keep-a-Changelog Markdown. */
public final class Changelog {

  /** One version's place in a changelog. */
  public record Release(String version, String date, String status, JsonArray entries) {
  }

  private Changelog() {
  }

  /** An entry per change that callers can notice (cosmetic ones are left out), then the author's own. */
  public static JsonArray entries(List<Change> changes, JsonArray authored) {
    JsonArray entries = new JsonArray();
    for (Change change : changes) {
      if (change.impact() != Impact.COSMETIC) {
        entries.add(new JsonObject()
            .put("type", change.changelogType().wire())
            .put("description", change.description())
            .put("impact", change.impact().wire())
            .put("affectedComponents", new JsonArray(change.affectedComponents()))
            .put("generated", true));
      }
    }
    for (Object entry : authored) {
      entries.add(((JsonObject) entry).copy().put("generated", false));
    }
    return entries;
  }

  /** Keep a Changelog 1.1.0, newest release first, one section per entry type. */
  public static String markdown(String workflow, List<Release> newestFirst) {
    StringBuilder md = new StringBuilder("# Changelog\n\nAll notable changes to workflow `").append(workflow)
        .append("`.\n\nThe format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/),\n")
        .append("and versions follow [Semantic Versioning](https://semver.org/spec/v2.0.0.html).\n");
    for (Release release : newestFirst) {
      md.append("\n## [").append(release.version()).append("] - ").append(release.date());
      if (release.status().equals("deprecated")) {
        md.append(" [DEPRECATED]");
      }
      md.append('\n');
      for (ChangelogType type : ChangelogType.values()) {
        List<JsonObject> section = release.entries().stream().map(JsonObject.class::cast)
            .filter(e -> type.wire().equals(e.getString("type"))).toList();
        if (!section.isEmpty()) {
          md.append("\n### ").append(type.heading()).append("\n\n");
          section.forEach(e -> md.append("- ").append(e.getString("description"))
              .append("breaking".equals(e.getString("impact")) ? " (breaking)" : "").append('\n'));
        }
      }
    }
    return md.toString();
  }
}
