package io.axon.deploy.monitor.analytics;

import java.time.Instant;
import java.util.Optional;

/**
 * What version analytics need of one deployment, as the deployer's
 * {@code deployment.history} tells it (DESIGN §3's deployment, read at the edge).
 *
 * @param status the deployment status on the wire ({@code succeeded}, {@code rolled_back}, ...)
 * @param rolledBack whether a rollback was recorded for it (the deployer's {@code rollback} object)
 */
public record DeploymentFacts(String id, String version, String environment, String status, Instant createdAt,
    Optional<Instant> startedAt, Optional<Instant> finishedAt, Optional<String> previousVersion, boolean rolledBack) {

  /** Statuses of a deployment that has ended on its own merits: what success and rollback rates divide by. */
  public boolean finished() {
    return switch (status) {
      case "succeeded", "failed", "rolled_back", "aborted" -> true;
      default -> false;
    };
  }

  public boolean succeeded() {
    return "succeeded".equals(status);
  }

  /** A rollback: it ended {@code rolled_back}, or {@code failed} after rolling its traffic back. */
  public boolean rollback() {
    return "rolled_back".equals(status) || "failed".equals(status) && rolledBack;
  }

  /** From start to end, for a deployment that has both. */
  public Optional<Long> durationMs() {
    return startedAt.flatMap(start -> finishedAt.map(end -> end.toEpochMilli() - start.toEpochMilli()));
  }
}
