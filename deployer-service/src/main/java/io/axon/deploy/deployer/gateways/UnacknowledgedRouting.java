package io.axon.deploy.deployer.gateways;

import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemException;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.gateway.RoutingRevision;
import java.util.List;

/**
 * A routing revision that running gateways did not acknowledge in time: the traffic split they route by
 * is unknown, so the step that wrote it has not taken effect. A 504 problem naming them.
 */
public final class UnacknowledgedRouting extends ProblemException {
  private final transient RoutingRevision revision;
  private final List<String> gateways;

  public UnacknowledgedRouting(RoutingRevision revision, long timeoutMs, List<String> gateways, List<String> acknowledged) {
    super(new Problem(ProblemType.TIMEOUT, (gateways.size() == 1 ? "gateway " : "gateways ") + String.join(", ", gateways)
        + " did not acknowledge revision " + revision.revision() + " of the routing of " + revision.workflow() + " in "
        + revision.environment() + " within " + timeoutMs + " ms"
        + (acknowledged.isEmpty() ? "" : " (acknowledged by " + String.join(", ", acknowledged) + ")")));
    this.revision = revision;
    this.gateways = List.copyOf(gateways);
  }

  public RoutingRevision revision() {
    return revision;
  }

  /** The gateways, running, that did not acknowledge. */
  public List<String> gateways() {
    return gateways;
  }
}
