package io.axon.deploy.common.deployer;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a rollback trigger watches (DESIGN §2), as environments state it and the monitor judges it. */
public enum TriggerType {
  /** The share of failed executions, from 0 to 1, above the threshold. */
  ERROR_RATE,
  /** The percentile of execution time, in milliseconds, above the threshold. */
  RESPONSE_TIME,
  /** The instances' health score, from 0 to 100, below the threshold. */
  HEALTH_CHECK,
  /** A metric posted to /api/v1/metrics above the threshold. */
  CUSTOM_METRIC;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<TriggerType> fromWire(String text) {
    return Arrays.stream(values()).filter(type -> type.wire().equals(text)).findFirst();
  }
}
