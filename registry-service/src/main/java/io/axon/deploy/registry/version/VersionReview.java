package io.axon.deploy.registry.version;

import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.registry.change.BumpPolicy;
import io.axon.deploy.registry.change.Change;
import io.axon.deploy.registry.change.ChangeAnalysis;
import io.axon.deploy.registry.change.ChangeDetector;
import io.axon.deploy.registry.change.Changelog;
import io.axon.deploy.registry.change.DefinitionModel;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reviews a version's definition against the versions before it, for a new version and for a
 * replaced draft alike: refuses one identical to its base, refuses a number too small for the
 * changes since the release its line follows (unless forced), and works out the changelog and
 * compatibility to store with it.
 */
final class VersionReview {
  private final VersionRepository versions;
  private final ChangeDetector detector = new ChangeDetector();

  /** What to store with the version and to record in the audit trail. */
  record Outcome(JsonArray changelog, JsonObject compatibility, JsonObject audit) {
  }

  VersionReview(VersionRepository versions) {
    this.versions = versions;
  }

  /**
   * @param given the base the author named, compared with and checked against; otherwise the
   *     version just below is compared with and the release below the version's line checked against
   */
  Future<Outcome> review(SqlClient tx, long workflowId, SemanticVersion version, JsonObject definition, String digest,
      Optional<WorkflowVersion> given, boolean force, JsonArray authored) {
    if (given.isPresent() && given.get().version().compareTo(version) >= 0) {
      return Future.failedFuture(Problem.unprocessable("the base version must be below the new one",
          List.of(new FieldError("/baseVersion", given.get().version() + " is not below " + version))));
    }
    Future<Optional<WorkflowVersion>> base = given.isPresent()
        ? Future.succeededFuture(given) : versions.highestBelow(tx, workflowId, version);
    Future<Optional<WorkflowVersion>> lineBase = versions.highestReleaseBelow(tx, workflowId, version.release());
    return Future.all(base, lineBase).map(both -> {
      refuseIdentical(base.result(), version, digest);
      Map<Long, List<Change>> detected = new HashMap<>(); // base and line base are often the same version
      JsonArray changelog = Changelog.entries(base.result()
          .map(b -> detected.computeIfAbsent(b.id(), id -> detector.detect(b.definition(), definition)))
          .orElse(List.of()), authored);
      JsonObject audit = new JsonObject();
      // checked against the release the line follows and, when the author named one, that base too
      given.filter(g -> lineBase.result().map(l -> l.id() != g.id()).orElse(true))
          .ifPresent(g -> check(g, version, definition, detected.computeIfAbsent(g.id(), id -> detector.detect(g.definition(), definition)), force, audit));
      JsonObject compatibility = lineBase.result()
          .map(l -> check(l, version, definition, detected.computeIfAbsent(l.id(), id -> detector.detect(l.definition(), definition)), force, audit))
          .orElse(new JsonObject().put("backward", "unknown").put("forward", "unknown"));
      return new Outcome(changelog, compatibility, audit);
    });
  }

  private static JsonObject check(WorkflowVersion lineBase, SemanticVersion version, JsonObject definition, List<Change> changes,
      boolean force, JsonObject audit) {
    ChangeAnalysis analysis = ChangeAnalysis.of(changes, lineBase.version());
    Optional<String> required = analysis.requiredBump().map(b -> b.name().toLowerCase(Locale.ROOT));
    List<Change> offending = BumpPolicy.offending(lineBase.version(), version, analysis);
    if (!offending.isEmpty() && !force) {
      throw Problem.unprocessable("version " + version + " is too small a step from " + lineBase.version()
              + " for its changes, which need a " + required.orElseThrow() + " bump; bump more, or give force: true to publish it anyway",
          offending.stream().map(c -> new FieldError("/definition" + DefinitionModel.listedPath(definition, c.path()),
              c.impact().wire() + ": " + c.description())).toList());
    }
    if (!offending.isEmpty()) {
      audit.put("forced", true).put("requiredBump", required.orElseThrow())
          .put("offendingChanges", new JsonArray(offending.stream().map(Change::description).toList()));
    }
    return analysis.compatibilityJson().put("comparedWith", lineBase.version().toString())
        .put("requiredBump", required.orElse(null));
  }

  /** Refuses a definition equal to its base's, except a release made from its own prerelease (2.0.0-rc.2 to 2.0.0). */
  static void refuseIdentical(Optional<WorkflowVersion> base, SemanticVersion version, String digest) {
    boolean promotion = base.isPresent() && base.get().version().isPrerelease() && !version.isPrerelease()
        && base.get().version().release().equals(version.release());
    if (base.isPresent() && base.get().digest().equals(digest) && !promotion) {
      throw Problem.unprocessable("the definition is identical to that of its base version "
          + base.get().version(), List.of(new FieldError("/definition", "no change from " + base.get().version())));
    }
  }
}
