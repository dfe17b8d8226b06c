package io.axon.deploy.monitor.health;

/** What one poll of an engine instance found, as {@link HealthJudge} needs it. */
public sealed interface Probe {

  /** The instance answered {@code /health} with {@code status} and {@code score}, and {@code /info} as {@code instanceId}. */
  record Answered(String status, int score, String instanceId) implements Probe {
  }

  /** No usable answer: refused, timed out, an error status, or a body outside the engine contract. */
  record Unanswered(String reason) implements Probe {
  }
}
