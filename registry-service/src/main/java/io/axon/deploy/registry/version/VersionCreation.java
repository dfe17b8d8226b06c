package io.axon.deploy.registry.version;

import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.common.json.CanonicalJson;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.registry.audit.AuditEntry;
import io.axon.deploy.registry.audit.AuditRepository;
import io.axon.deploy.registry.change.ChangeAnalysis;
import io.axon.deploy.registry.change.ChangeDetector;
import io.axon.deploy.registry.version.VersionRequest.Auto;
import io.axon.deploy.registry.version.VersionRequest.Bumped;
import io.axon.deploy.registry.version.VersionRequest.Explicit;
import io.axon.deploy.registry.workflow.Workflow;
import io.axon.deploy.registry.workflow.WorkflowRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Creates a version from a checked request, in one transaction holding the workflow's lock (so
 * concurrent bumps each get their own number): numbers it, reviews it ({@link VersionReview}),
 * stores it and records it in the audit trail.
 */
public final class VersionCreation {
  /** SemVer's FAQ: start initial development at 0.1.0. */
  private static final SemanticVersion FIRST_AUTO = SemanticVersion.of(0, 1, 0);

  private final Pool pool;
  private final WorkflowRepository workflows;
  private final VersionRepository versions;
  private final AuditRepository audit;
  private final VersionReview review;
  private final ChangeDetector detector = new ChangeDetector();

  public VersionCreation(Pool pool, WorkflowRepository workflows, VersionRepository versions, AuditRepository audit) {
    this.pool = pool;
    this.workflows = workflows;
    this.versions = versions;
    this.audit = audit;
    this.review = new VersionReview(versions);
  }

  public Future<WorkflowVersion> create(String workflow, VersionRequest request, String actor, String requestId) {
    String digest = CanonicalJson.digest(request.definition());
    return pool.withTransaction(tx -> workflows.lock(tx, workflow).compose(w -> givenBase(tx, w, request.baseVersion())
        .compose(given -> number(tx, w, request, given)
            .compose(version -> review.review(tx, w.id(), version, request.definition(), digest, given, request.force(),
                    request.metadata().changelog())
                .compose(outcome -> versions.insert(tx, new VersionRepository.NewVersion(w.id(), version, request.definition(),
                        digest, request.metadata().toJson().put("changelog", outcome.changelog())
                            .put("compatibility", outcome.compatibility()), request.dependencies(), actor))
                    .compose(created -> audit.append(tx, new AuditEntry(actor, "version.created", created.subject(), requestId,
                            outcome.audit().put("digest", digest).put("numbering", describe(request.numbering()))))
                        .map(created)))))));
  }

  private Future<Optional<WorkflowVersion>> givenBase(SqlClient tx, Workflow workflow, Optional<SemanticVersion> requested) {
    if (requested.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    return versions.find(tx, workflow.key(), requested.get()).map(found -> {
      if (found.isEmpty()) {
        throw Problem.unprocessable("the base version does not exist", List.of(new FieldError("/baseVersion",
            "workflow " + workflow.key() + " has no version " + requested.get())));
      }
      return found;
    });
  }

  private Future<SemanticVersion> number(SqlClient tx, Workflow workflow, VersionRequest request, Optional<WorkflowVersion> given) {
    VersionRequest.Numbering numbering = request.numbering();
    if (numbering instanceof Explicit explicit) {
      return Future.succeededFuture(explicit.version());
    }
    Optional<String> prerelease;
    Future<SemanticVersion> target;
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

  private static String describe(VersionRequest.Numbering numbering) {
    if (numbering instanceof Bumped bumped) {
      return "bump " + bumped.bump().name().toLowerCase(Locale.ROOT) + bumped.prerelease().map(p -> " " + p).orElse("");
    }
    return numbering instanceof Auto auto ? "bump auto" + auto.prerelease().map(p -> " " + p).orElse("") : "explicit";
  }
}
