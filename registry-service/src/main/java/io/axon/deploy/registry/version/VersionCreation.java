package io.axon.deploy.registry.version;

import io.axon.deploy.common.bus.Actor;
import io.axon.deploy.common.cpu.CpuPool;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.Problem.FieldError;
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
import io.vertx.sqlclient.SqlClient;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Creates a version from a checked request, in the caller's transaction, holding the workflow's lock
 * (so concurrent bumps each get their own number): numbers it, reviews it ({@link VersionReview}),
 * stores it and records it in the audit trail.
 */
final class VersionCreation {
  /** SemVer's FAQ: start initial development at 0.1.0. */
  private static final SemanticVersion FIRST_AUTO = SemanticVersion.of(0, 1, 0);

  /** A request read and checked off the event loop, with its definition's digest. */
  record Checked(VersionRequest request, String digest) {
  }

  /** The workflow and the base the author named, once the workflow is locked. */
  private record Target(Workflow workflow, Optional<WorkflowVersion> given) {
  }

  private final WorkflowRepository workflows;
  private final VersionRepository versions;
  private final AuditRepository audit;
  private final VersionReview review;
  private final CpuPool cpu;
  private final ChangeDetector detector;

  VersionCreation(WorkflowRepository workflows, VersionRepository versions, AuditRepository audit, VersionReview review,
      CpuPool cpu, ChangeDetector detector) {
    this.workflows = workflows;
    this.versions = versions;
    this.audit = audit;
    this.review = review;
    this.cpu = cpu;
    this.detector = detector;
  }

  Future<WorkflowVersion> create(SqlClient tx, String workflow, Checked checked, Actor actor, String requestId) {
    VersionRequest request = checked.request();
    return workflows.lock(tx, workflow)
        .compose(w -> givenBase(tx, w, request.baseVersion()).map(given -> new Target(w, given)))
        .compose(target -> number(tx, target, request)
            .compose(version -> review.review(tx, target.workflow().id(), version, request.definition(), checked.digest(),
                    target.given(), request.force(), request.metadata().changelog())
                .compose(outcome -> versions.insert(tx, new VersionRepository.NewVersion(target.workflow().id(), target.workflow().key(), version,
                        request.definition(), checked.digest(), request.metadata().toJson()
                            .put("changelog", outcome.changelog()).put("compatibility", outcome.compatibility()),
                        request.dependencies(), actor.user()))
                    .compose(created -> audit.append(tx, AuditEntry.registry(actor, "version.created", created.subject(),
                            requestId, outcome.audit().put("digest", checked.digest()).put("numbering", describe(request.numbering()))))
                        .map(created)))));
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

  private Future<SemanticVersion> number(SqlClient tx, Target target, VersionRequest request) {
    long workflowId = target.workflow().id();
    VersionRequest.Numbering numbering = request.numbering();
    if (numbering instanceof Explicit explicit) {
      return Future.succeededFuture(explicit.version());
    }
    if (numbering instanceof Bumped bumped) {
      return versions.highestReleaseVersion(tx, workflowId)
          .map(highest -> VersionNumbering.target(bumped.bump(), highest.map(WorkflowVersion::version)))
          .compose(release -> withPrerelease(tx, workflowId, release, bumped.prerelease()));
    }
    Auto auto = (Auto) numbering;
    return (target.given().isPresent() ? Future.succeededFuture(target.given()) : versions.highestReleaseVersion(tx, workflowId))
        .compose(base -> base.isEmpty() ? Future.succeededFuture(FIRST_AUTO)
            : cpu.run(CpuPool.large(request.definition()), () -> smallestTruthfulBump(base.get(), request).apply(base.get().version().release())))
        .compose(release -> withPrerelease(tx, workflowId, release, auto.prerelease()));
  }

  private Future<SemanticVersion> withPrerelease(SqlClient tx, long workflowId, SemanticVersion release, Optional<String> tag) {
    return tag.isEmpty() ? Future.succeededFuture(release)
        : versions.prereleases(tx, workflowId, release, tag.get())
            .map(existing -> VersionNumbering.prerelease(release, tag.get(), existing));
  }

  private Bump smallestTruthfulBump(WorkflowVersion base, VersionRequest request) {
    return ChangeAnalysis.of(detector.detect(base.effectiveDefinition(), request.definition()), base.version())
        .requiredBump().orElse(Bump.PATCH);
  }

  private static String describe(VersionRequest.Numbering numbering) {
    if (numbering instanceof Bumped bumped) {
      return "bump " + bumped.bump().name().toLowerCase(Locale.ROOT) + bumped.prerelease().map(p -> " " + p).orElse("");
    }
    return numbering instanceof Auto auto ? "bump auto" + auto.prerelease().map(p -> " " + p).orElse("") : "explicit";
  }
}
