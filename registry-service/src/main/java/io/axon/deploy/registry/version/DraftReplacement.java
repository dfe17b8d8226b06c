package io.axon.deploy.registry.version;

import io.axon.deploy.common.registry.VersionStatus;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.bus.Actor;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.registry.audit.AuditEntry;
import io.axon.deploy.registry.audit.AuditRepository;
import io.axon.deploy.registry.live.LiveVersionRepository;
import io.axon.deploy.registry.live.Placement;
import io.axon.deploy.registry.workflow.WorkflowRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.util.Optional;

/**
 * Replaces a draft's definition when the caller holds its current ETag, reviewed like a new
 * version (the number must still tell the truth), with its changelog and compatibility redone.
 * A draft live in an environment (development takes drafts) is refused: its definition must not
 * change under the engines that run it, nor differ from what a rollback to it would load again.
 */
final class DraftReplacement {
  /** {@code If-Match: *}: whatever the current revision is. */
  static final int ANY_REVISION = -1;

  private final WorkflowRepository workflows;
  private final VersionRepository versions;
  private final LiveVersionRepository live;
  private final AuditRepository audit;
  private final VersionReview review;

  DraftReplacement(WorkflowRepository workflows, VersionRepository versions, LiveVersionRepository live, AuditRepository audit,
      VersionReview review) {
    this.workflows = workflows;
    this.versions = versions;
    this.live = live;
    this.audit = audit;
    this.review = review;
  }

  /** In the caller's transaction; {@code digest} is the new definition's, computed off the event loop. */
  Future<WorkflowVersion> replace(SqlClient tx, String workflow, SemanticVersion version, JsonObject definition, String digest,
      int expectedRevision, boolean force, Actor actor, String requestId) {
    return workflows.lock(tx, workflow)
        .compose(w -> versions.require(tx, workflow, version))
        .compose(current -> {
          if (current.status() != VersionStatus.DRAFT) {
            throw Problem.conflict("version " + current.version() + " is " + current.status().wire()
                + " and so immutable; create a new version instead");
          }
          if (expectedRevision != ANY_REVISION && current.revision() != expectedRevision) {
            throw stale(expectedRevision, current.etag());
          }
          return live.placements(tx, workflow, current.version()).map(placements -> {
            Placement.refuse(workflow, current.version(), placements, "replace its definition",
                "Create a new version from it instead (a prerelease tag keeps that cheap) and deploy that.");
            return current;
          });
        })
        .compose(current -> review.review(tx, current.workflowId(), current.version(), definition, digest, Optional.empty(), force,
                authored(current))
            .compose(outcome -> versions.replaceDefinition(tx, current.id(), current.revision(), definition, digest,
                    current.metadata().copy().put("changelog", outcome.changelog()).put("compatibility", outcome.compatibility()))
                .compose(replaced -> audit.append(tx, AuditEntry.registry(actor, "version.definition.replaced",
                    replaced.subject(), requestId, outcome.audit().put("digest", digest))).map(replaced))));
  }

  /** The entries the author wrote, which outlive the generated ones. */
  private static JsonArray authored(WorkflowVersion version) {
    JsonArray entries = new JsonArray();
    version.metadata().getJsonArray("changelog", new JsonArray()).stream()
        .map(JsonObject.class::cast)
        .filter(e -> Boolean.FALSE.equals(e.getBoolean("generated")))
        .forEach(e -> {
          JsonObject copy = e.copy();
          copy.remove("generated");
          entries.add(copy);
        });
    return entries;
  }

  static RuntimeException stale(int expected, String current) {
    return new Problem(ProblemType.PRECONDITION_FAILED, "If-Match \"" + expected
        + "\" does not match the current ETag " + current + "; read the version again").exception();
  }
}
