package io.axon.deploy.registry.version;

import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.common.json.CanonicalJson;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.registry.audit.AuditEntry;
import io.axon.deploy.registry.audit.AuditRepository;
import io.axon.deploy.registry.version.VersionRequest.Bumped;
import io.axon.deploy.registry.version.VersionRequest.Explicit;
import io.axon.deploy.registry.workflow.Workflow;
import io.axon.deploy.registry.workflow.WorkflowRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.List;
import java.util.Optional;

/**
 * Creates a version from a checked request: numbers the version while holding the workflow's
 * lock (so concurrent bumps each get their own number), refuses a definition identical to its base,
 * and records the creation in the audit trail, all in one transaction.
 */
public final class VersionCreation {
  private final Pool pool;
  private final WorkflowRepository workflows;
  private final VersionRepository versions;
  private final AuditRepository audit;

  public VersionCreation(Pool pool, WorkflowRepository workflows, VersionRepository versions, AuditRepository audit) {
    this.pool = pool;
    this.workflows = workflows;
    this.versions = versions;
    this.audit = audit;
  }

  public Future<WorkflowVersion> create(String workflow, VersionRequest request, String actor, String requestId) {
    String digest = CanonicalJson.digest(request.definition());
    return pool.withTransaction(tx -> workflows.lock(tx, workflow)
        .compose(w -> number(tx, w, request.numbering())
            .compose(version -> base(tx, w, version, request.baseVersion())
                .compose(base -> refuseIdenticalToBase(base, digest))
                .compose(v -> versions.insert(tx, new VersionRepository.NewVersion(w.id(), version,
                    request.definition(), digest, request.metadata().toJson(), request.dependencies(), actor)))))
        .compose(created -> audit.append(tx, new AuditEntry(actor, "version.created", created.subject(), requestId,
                new JsonObject().put("digest", digest).put("numbering", describe(request.numbering()))))
            .map(created)));
  }

  private Future<SemanticVersion> number(SqlClient tx, Workflow workflow, VersionRequest.Numbering numbering) {
    if (numbering instanceof Explicit explicit) {
      return Future.succeededFuture(explicit.version());
    }
    Bumped bumped = (Bumped) numbering;
    return versions.highestRelease(tx, workflow.id())
        .map(highest -> VersionNumbering.target(bumped.bump(), highest))
        .compose(target -> bumped.prerelease().isEmpty()
            ? Future.succeededFuture(target)
            : versions.prereleases(tx, workflow.id(), target, bumped.prerelease().get())
                .map(existing -> VersionNumbering.prerelease(target, bumped.prerelease().get(), existing)));
  }

  private Future<Optional<WorkflowVersion>> base(SqlClient tx, Workflow workflow, SemanticVersion version,
      Optional<SemanticVersion> requested) {
    if (requested.isEmpty()) {
      return versions.highestBelow(tx, workflow.id(), version);
    }
    return versions.find(tx, workflow.key(), requested.get())
        .map(found -> {
          if (found.isEmpty()) {
            throw Problem.unprocessable("the base version does not exist",
                List.of(new FieldError("/baseVersion", "workflow " + workflow.key() + " has no version " + requested.get())));
          }
          return found;
        });
  }

  static Future<Void> refuseIdenticalToBase(Optional<WorkflowVersion> base, String digest) {
    if (base.isPresent() && base.get().digest().equals(digest)) {
      return Future.failedFuture(Problem.unprocessable("the definition is identical to that of its base version "
          + base.get().version(), List.of(new FieldError("/definition", "no change from " + base.get().version()))));
    }
    return Future.succeededFuture();
  }

  private static String describe(VersionRequest.Numbering numbering) {
    return numbering instanceof Bumped bumped
        ? "bump " + bumped.bump().name().toLowerCase(java.util.Locale.ROOT) + bumped.prerelease().map(p -> " " + p).orElse("")
        : "explicit";
  }
}
