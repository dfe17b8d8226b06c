package io.axon.deploy.gateway.auth;

import java.util.Arrays;
import java.util.Set;

/** Who is calling, as their token says. */
public record Principal(String user, Set<Role> roles) {
  public static final String CONTEXT_KEY = "axon.principal";

  /** Every authenticated caller may read; writing needs one of {@code allowed}, or admin. */
  public boolean mayAct(Role... allowed) {
    return roles.contains(Role.ADMIN) || Arrays.stream(allowed).anyMatch(roles::contains);
  }
}
