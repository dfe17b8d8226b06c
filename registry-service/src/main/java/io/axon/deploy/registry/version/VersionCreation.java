package io.axon.deploy.registry.version;

import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.common.json.CanonicalJson;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.registry.audit.AuditEntry;
import io.axon.deploy.registry.audit.AuditRepository;
import io.axon.deploy.registry.change.BumpPolicy;
import io.axon.deploy.registry.change.Change;
import io.axon.deploy.registry.change.ChangeAnalysis;
import io.axon.deploy.registry.change.ChangeDetector;
import io.axon.deploy.registry.change.Changelog;
import io.axon.deploy.registry.version.VersionRequest.Auto;
import io.axon.deploy.registry.version.VersionRequest.Bumped;
import io.axon.deploy.registry.version.VersionRequest.Explicit;
import io.axon.deploy.registry.workflow.Workflow;
import io.axon.deploy.registry.workflow.WorkflowRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Creates a version from a checked request, in one transaction holding the workflow's lock (so
 * concurrent bumps each get their own number): numbers it, refuses a definition identical to its
 * base, checks that the number tells the truth about the changes (unless forced, which is audited),
 * generates its changelog and compatibility, stores it and records it in the audit trail.
 */
public final class VersionCreation {
  /** SemVer's FAQ: start initial development at 0.1.0. */
  private static final SemanticVersion FIRST_AUTO = SemanticVersion.of(0, 1, 0);

  private final Pool pool;
  private final WorkflowRepository workflows;
  private final VersionRepository versions;
  private final AuditRepository audit;
  private final ChangeDetector detector = new ChangeDetector();

  /** The version to create, what it is compared with, and what it is checked against. */
  private record Plan(SemanticVersion version, Optional<WorkflowVersion> base, Optional<WorkflowVersion> lineBase) {
  }

  public VersionCreation(Pool pool, WorkflowRepository workflows, VersionRepository versions, AuditRepository audit) {
    this.pool = pool;
    this.workflows = workflows;
    this.versions = versions;
    this.audit = audit;
  }

  public Future<WorkflowVersion> create(String workflow, VersionRequest request, String actor, String requestId) {
    String digest = CanonicalJson.digest(request.definition());
    return pool.withTransaction(tx -> workflows.lock(tx, workflow)
        .compose(w -> plan(tx, w, request).compose(plan -> {
          refuseIdenticalToBase(plan.base(), digest);
          JsonObject truth = checkBump(plan, request);
          JsonObject metadata = request.metadata().toJson()
              .put("changelog", Changelog.entries(changesFrom(plan.base(), request.definition()), request.metadata().changelog()))
              .put("compatibility", truth.getJsonObject("compatibility"));
          return versions.insert(tx, new VersionRepository.NewVersion(w.id(), plan.version(), request.definition(), digest,
                  metadata, request.dependencies(), actor))
              .compose(created -> audit.append(tx, new AuditEntry(actor, "version.created", created.subject(), requestId,
                      truth.put("digest", digest).put("numbering", describe(request.numbering()))))
                  .map(created));
        })));
  }

  private Future<Plan> plan(SqlClient tx, Workflow workflow, VersionRequest request) {
    Optional<SemanticVersion> requestedBase = request.baseVersion();
    Future<Optional<WorkflowVersion>> explicitBase = requestedBase.isEmpty()
        ? Future.succeededFuture(Optional.empty())
        : versions.find(tx, workflow.key(), requestedBase.get()).map(found -> {
          if (found.isEmpty()) {
            throw Problem.unprocessable("the base version does not exist", List.of(new FieldError("/baseVersion",
                "workflow " + workflow.key() + " has no version " + requestedBase.get())));
          }
          return found;
        });
    return explicitBase.compose(given -> number(tx, workflow, request, given)
        .compose(version -> (given.isPresent() ? Future.succeededFuture(given) : versions.highestBelow(tx, workflow.id(), version))
            .compose(base -> (given.isPresent() ? Future.succeededFuture(given)
                : versions.highestReleaseBelow(tx, workflow.id(), version.release()))
                .map(lineBase -> new Plan(version, base, lineBase)))));
  }

  private Future<SemanticVersion> number(SqlClient tx, Workflow workflow, VersionRequest request, Optional<WorkflowVersion> given) {
    VersionRequest.Numbering numbering = request.numbering();
    if (numbering instanceof Explicit explicit) {
      return Future.succeededFuture(explicit.version());
    }
    Future<SemanticVersion> target;
    Optional<String> prerelease;
    if (numbering instanceof Bumped bumped) {
      prerelease = bumped.prerelease();
      target = versions.highestReleaseVersion(tx, workflow.id())
          .map(highest -> VersionNumbering.target(bumped.bump(), highest.map(WorkflowVersion::version)));
    } else {
      prerelease = ((Auto) numbering).prerelease();
      target = (given.isPresent() ? Future.succeededFuture(given) : versions.highestReleaseVersion(tx, workflow.id()))
          .map(base -> base.map(b -> smallestTruthfulBump(b, request.definition()).apply(b.version().release()))
              .orElse(FIRST_AUTO));
    }
    return target.compose(release -> prerelease.isEmpty()
        ? Future.succeededFuture(release)
        : versions.prereleases(tx, workflow.id(), release, prerelease.get())
            .map(existing -> VersionNumbering.prerelease(release, prerelease.get(), existing)));
  }

  private Bump smallestTruthfulBump(WorkflowVersion base, JsonObject definition) {
    return ChangeAnalysis.of(detector.detect(base.definition(), definition), base.version()).requiredBump().orElse(Bump.PATCH);
  }

  /**
   * The changes since the release line's base and whether the version number is big enough for
   * them; a 422 naming each change it is too small for, unless the request forces it.
   */
  private JsonObject checkBump(Plan plan, VersionRequest request) {
    JsonObject truth = new JsonObject();
    if (plan.lineBase().isEmpty()) {
      return truth.put("compatibility", new JsonObject().put("backward", "unknown").put("forward", "unknown"));
    }
    WorkflowVersion lineBase = plan.lineBase().get();
    ChangeAnalysis analysis = ChangeAnalysis.of(detector.detect(lineBase.definition(), request.definition()), lineBase.version());
    truth.put("compatibility", analysis.compatibilityJson().put("comparedWith", lineBase.version().toString())
        .put("requiredBump", analysis.requiredBump().map(b -> b.name().toLowerCase(Locale.ROOT)).orElse(null)));
    List<Change> offending = BumpPolicy.offending(lineBase.version(), plan.version(), analysis);
    if (offending.isEmpty()) {
      return truth;
    }
    String required = analysis.requiredBump().orElseThrow().name().toLowerCase(Locale.ROOT);
    if (!request.force()) {
      throw Problem.unprocessable("version " + plan.version() + " is too small a step from " + lineBase.version()
              + " for its changes, which need a " + required + " bump; bump more, or give force: true to publish it anyway",
          offending.stream().map(c -> new FieldError("/definition" + c.path(), c.impact().wire() + ": " + c.description())).toList());
    }
    return truth.put("forced", true).put("requiredBump", required)
        .put("offendingChanges", new JsonArray(offending.stream().map(Change::description).toList()));
  }

  private List<Change> changesFrom(Optional<WorkflowVersion> base, JsonObject definition) {
    return base.map(b -> detector.detect(b.definition(), definition)).orElse(List.of());
  }

  static void refuseIdenticalToBase(Optional<WorkflowVersion> base, String digest) {
    if (base.isPresent() && base.get().digest().equals(digest)) {
      throw Problem.unprocessable("the definition is identical to that of its base version "
          + base.get().version(), List.of(new FieldError("/definition", "no change from " + base.get().version())));
    }
  }

  private static String describe(VersionRequest.Numbering numbering) {
    if (numbering instanceof Bumped bumped) {
      return "bump " + bumped.bump().name().toLowerCase(Locale.ROOT) + bumped.prerelease().map(p -> " " + p).orElse("");
    }
    return numbering instanceof Auto auto ? "bump auto" + auto.prerelease().map(p -> " " + p).orElse("") : "explicit";
  }
}
