package io.axon.deploy.registry.live;

import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.registry.live.LiveTable.LiveVersion;
import java.util.List;

/** Where a version is live: an environment, the routing table revision that says so, and how. */
public record Placement(String environment, long revision, LiveVersion live) {

  /** "development (weight 0, kept loaded as the rollback target; routing revision 3)". */
  public String describe() {
    return environment + " (" + live.describe() + "; routing revision " + revision + ")";
  }

  /**
   * The 409 refusing to {@code what} (e.g. "archive it") a version live in {@code placements},
   * naming each environment; nothing when the list is empty.
   */
  public static void refuse(String workflow, SemanticVersion version, List<Placement> placements, String what, String instead) {
    if (placements.isEmpty()) {
      return;
    }
    String detail = "version " + version + " of " + workflow + " is live in "
        + String.join(", ", placements.stream().map(Placement::describe).toList())
        + "; cannot " + what + " while an environment routes to it or keeps it loaded. " + instead;
    throw Problem.at(ProblemType.CONFLICT, "/version", detail);
  }
}
