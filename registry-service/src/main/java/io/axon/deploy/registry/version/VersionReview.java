package io.axon.deploy.registry.version;

import io.axon.deploy.common.cpu.CpuPool;
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
  private final ChangeDetector detector;
  private final CpuPool cpu;

  /** What to store with the version and to record in the audit trail. */
  record Outcome(JsonArray changelog, JsonObject compatibility, JsonObject audit) {
  }

  /** The compatibility with a base, and what forcing past it records (empty when nothing was forced). */
  private record Verdict(JsonObject compatibility, JsonObject forced) {
  }

  VersionReview(VersionRepository versions, ChangeDetector detector, CpuPool cpu) {
    this.versions = versions;
    this.detector = detector;
    this.cpu = cpu;
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
    return Future.all(base, lineBase).compose(both -> cpu.run(CpuPool.large(definition), () -> judge(base.result(), lineBase.result(), given, version,
        definition, digest, force, authored)));
  }

  /** Pure and CPU-heavy (change detection of up to 10,000 nodes): runs on a worker. */
  private Outcome judge(Optional<WorkflowVersion> base, Optional<WorkflowVersion> lineBase, Optional<WorkflowVersion> given,
      SemanticVersion version, JsonObject definition, String digest, boolean force, JsonArray authored) {
    refuseIdentical(base, version, digest);
    Map<Long, List<Change>> detected = new HashMap<>(); // base and line base are often the same version
    java.util.function.Function<WorkflowVersion, List<Change>> changesFrom =
        b -> detected.computeIfAbsent(b.id(), id -> detector.detect(b.effectiveDefinition(), definition));
    JsonArray changelog = Changelog.entries(base.map(changesFrom).orElse(List.of()), authored);
    JsonObject audit = new JsonObject();
    // checked against the release the line follows and, when the author named one, that base too
    given.filter(g -> lineBase.map(l -> l.id() != g.id()).orElse(true))
        .ifPresent(g -> audit.mergeIn(check(g, version, definition, changesFrom.apply(g), force).forced()));
    JsonObject compatibility = new JsonObject().put("backward", "unknown").put("forward", "unknown");
    if (lineBase.isPresent()) {
      Verdict verdict = check(lineBase.get(), version, definition, changesFrom.apply(lineBase.get()), force);
      audit.mergeIn(verdict.forced());
      compatibility = verdict.compatibility();
    }
    return new Outcome(changelog, compatibility, audit);
  }

  private static Verdict check(WorkflowVersion lineBase, SemanticVersion version, JsonObject definition, List<Change> changes,
      boolean force) {
    ChangeAnalysis analysis = ChangeAnalysis.of(changes, lineBase.version());
    Optional<String> required = analysis.requiredBump().map(b -> b.name().toLowerCase(Locale.ROOT));
    List<Change> offending = BumpPolicy.offending(lineBase.version(), version, analysis);
    if (!offending.isEmpty() && !force) {
      throw Problem.unprocessable("version " + version + " is too small a step from " + lineBase.version()
              + " for its changes, which need a " + required.orElseThrow() + " bump; bump more, or give force: true to publish it anyway",
          offending.stream().map(c -> new FieldError("/definition" + DefinitionModel.listedPath(definition, c.path()),
              c.impact().wire() + ": " + c.description())).toList());
    }
    JsonObject forced = offending.isEmpty() ? new JsonObject() : new JsonObject().put("forced", true)
        .put("requiredBump", required.orElseThrow())
        .put("offendingChanges", new JsonArray(offending.stream().map(Change::description).toList()));
    return new Verdict(analysis.compatibilityJson().put("comparedWith", lineBase.version().toString())
        .put("requiredBump", required.orElse(null)), forced);
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
