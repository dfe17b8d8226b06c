package io.axon.deploy.gateway.auth;

import java.util.Locale;

/** What a token may do. An admin may do everything; the others only what their role names. */
public enum Role {
  VIEWER, AUTHOR, DEPLOYER, APPROVER, ADMIN;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role fromWire(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }
}
