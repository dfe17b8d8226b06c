package io.axon.deploy.common.monitor;

import java.util.Locale;

/** What the monitor last concluded of an engine instance (DESIGN §3). Only a healthy one takes executions. */
public enum InstanceStatus {
  /** Answered its last polls with a positive score. */
  HEALTHY,
  /** Failed as many consecutive polls as the monitor tolerates, or scored 0. */
  UNHEALTHY,
  /** Says it is stopping: finishes what it runs, takes nothing new. */
  DRAINING;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static InstanceStatus fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
