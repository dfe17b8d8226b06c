package io.axon.deploy.gateway.auth;

import io.axon.deploy.common.bus.Actor;
import java.util.Arrays;
import java.util.Set;

/** Who is calling, as their token says: the token's id, its user and roles. */
public record Principal(String tokenId, String user, Set<Role> roles) {
  public static final String CONTEXT_KEY = "axon.principal";

  /** Every authenticated caller may read; writing needs one of {@code allowed}, or admin. */
  public boolean mayAct(Role... allowed) {
    return roles.contains(Role.ADMIN) || Arrays.stream(allowed).anyMatch(roles::contains);
  }

  /** As the services see the caller, in audit records and idempotency keys. */
  public Actor actor() {
    return Actor.of(user, tokenId);
  }
}
