package io.axon.deploy.deployer.rollout;

import java.util.Locale;

/**
 * Whether executions succeed again after an emergency rollback, from the monitor's numbers of the
 * version it went back to since the switch: at most {@code maxErrorRate} of them failed. No
 * execution at all is not a failure (there was nothing to judge), and the verdict says so.
 */
public record RecoveryVerdict(boolean passed, boolean traffic, String summary) {

  public static RecoveryVerdict judge(String version, long executions, long errors, double maxErrorRate, long watchedMs) {
    if (executions == 0) {
      return new RecoveryVerdict(true, false, "no execution of " + version + " in the " + watchedMs
          + " ms watched after the switch: nothing to judge");
    }
    double rate = (double) errors / executions;
    String numbers = String.format(Locale.ROOT, "%d of %d executions of %s failed (error rate %.3f) in the %d ms"
        + " watched after the switch", errors, executions, version, rate, watchedMs);
    if (rate > maxErrorRate) {
      return new RecoveryVerdict(false, true, numbers + ", above the " + String.format(Locale.ROOT, "%.3f", maxErrorRate)
          + " allowed: executions do not succeed again");
    }
    return new RecoveryVerdict(true, true, numbers + ": executions succeed again");
  }
}
