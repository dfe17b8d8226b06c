package io.axon.deploy.common.bus;

import java.util.Optional;

/**
 * On whose behalf a command runs: the user and, for a caller that came through the gateway, the id
 * of the token they presented. Two tokens may name the same user; the token id tells them apart.
 */
public record Actor(String user, Optional<String> tokenId) {

  public static Actor of(String user, String tokenId) {
    return new Actor(user, Optional.ofNullable(tokenId).filter(id -> !id.isBlank()));
  }

  /** A service acting on its own account, such as a deployer rolling back by itself. */
  public static Actor service(String name) {
    return new Actor("service:" + name, Optional.empty());
  }

  /** Who owns an idempotency key: the token when there is one, else the user. */
  public String principal() {
    return tokenId.map(id -> "token:" + id).orElse("user:" + user);
  }
}
