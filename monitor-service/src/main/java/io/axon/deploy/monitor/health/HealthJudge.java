package io.axon.deploy.monitor.health;

import io.axon.deploy.common.monitor.InstanceStatus;
import java.util.Optional;

/**
 * Decides an engine instance's status from its last poll and what came before. A pure function:
 * no clock, no I/O.
 * <ul>
 *   <li>{@code healthy} with a score above 0 → {@link InstanceStatus#HEALTHY} at once, whatever came
 *       before (one good answer is enough to come back);
 *   <li>{@code draining} → {@link InstanceStatus#DRAINING};
 *   <li>any other answer (another status, or a score of 0) → {@link InstanceStatus#UNHEALTHY} at once:
 *       the instance says so itself;
 *   <li>an answer from another instance than the discovery record names → UNHEALTHY and stale: the
 *       instance died without leaving discovery and something else listens at its address;
 *   <li>no answer → one more consecutive failure; at {@code failuresToUnhealthy} of them UNHEALTHY,
 *       before that the status stays as it was (none, for an instance never judged).
 * </ul>
 */
public final class HealthJudge {
  public static final String HEALTHY = "healthy";
  public static final String DRAINING = "draining";

  private final int failuresToUnhealthy;

  public HealthJudge(int failuresToUnhealthy) {
    if (failuresToUnhealthy < 1) {
      throw new IllegalArgumentException("at least one failure makes an instance unhealthy");
    }
    this.failuresToUnhealthy = failuresToUnhealthy;
  }

  /**
   * The status after {@code probe}, with the consecutive failures so far, whether the record is stale,
   * and why an instance is not healthy.
   */
  public record Verdict(Optional<InstanceStatus> status, int consecutiveFailures, boolean stale, Optional<String> reason) {
  }

  public Verdict judge(Optional<InstanceStatus> current, int failures, String expectedInstanceId, Probe probe) {
    if (probe instanceof Probe.Unanswered unanswered) {
      int now = failures + 1;
      return new Verdict(now >= failuresToUnhealthy ? Optional.of(InstanceStatus.UNHEALTHY) : current, now, false,
          Optional.of(unanswered.reason()));
    }
    Probe.Answered answered = (Probe.Answered) probe;
    if (!expectedInstanceId.equals(answered.instanceId())) {
      return new Verdict(Optional.of(InstanceStatus.UNHEALTHY), 0, true, Optional.of("stale discovery record: "
          + "instance " + answered.instanceId() + " answers at the address of " + expectedInstanceId));
    }
    if (DRAINING.equals(answered.status())) {
      return new Verdict(Optional.of(InstanceStatus.DRAINING), 0, false, Optional.of("draining"));
    }
    if (HEALTHY.equals(answered.status()) && answered.score() > 0) {
      return new Verdict(Optional.of(InstanceStatus.HEALTHY), 0, false, Optional.empty());
    }
    return new Verdict(Optional.of(InstanceStatus.UNHEALTHY), 0, false,
        Optional.of("reports status " + answered.status() + " with score " + answered.score()));
  }
}
