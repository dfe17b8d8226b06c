package io.axon.deploy.gateway.auth;

import io.axon.deploy.common.json.CanonicalJson;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues, finds and revokes bearer tokens. A token is {@code axon_} and 32 random bytes; only its
 * sha-256 is stored, and a token has an id that names it everywhere else (lists, audit records).
 */
public final class Tokens {
  private static final Logger LOG = LoggerFactory.getLogger(Tokens.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A new token: the secret, shown once, and what is stored of it. */
  public record Issued(String token, StoredToken stored) {
  }

  private final TokenRepository repository;
  private final TokenDirectory directory;

  public Tokens(TokenRepository repository, TokenDirectory directory) {
    this.repository = repository;
    this.directory = directory;
  }

  public Future<Issued> issue(String user, Set<Role> roles, Optional<Instant> expiresAt, String createdBy) {
    String token = generate();
    UUID id = UUID.randomUUID();
    return repository.insert(new TokenRepository.NewToken(id, hash(token), user, roles, createdBy, expiresAt, false, false))
        .map(stored -> {
          if (!stored) {
            throw new IllegalStateException("a freshly generated token collided with a stored one");
          }
          StoredToken issued = new StoredToken(id, hash(token), user, roles, Instant.now(), createdBy, expiresAt, Optional.empty());
          directory.announceIssued(issued);
          return new Issued(token, issued);
        });
  }

  /** Takes back a token that was issued but could not be recorded. */
  public Future<Void> withdraw(Issued issued) {
    return repository.delete(issued.stored().id());
  }

  /** False when there is no such token. */
  public Future<Boolean> revoke(UUID id, String by) {
    return repository.revoke(id, by).onSuccess(revoked -> directory.announceRevoked(id));
  }

  public Future<Optional<Principal>> authenticate(String token) {
    return directory.find(hash(token));
  }

  /**
   * Makes sure an admin can get in, once per gateway process: the token from {@code AXON_ADMIN_TOKEN}
   * if one is configured (retiring any earlier value of it), otherwise a generated one, stored by
   * whichever gateway gets there first and printed once.
   */
  public static Future<Void> bootstrap(TokenRepository repository, Optional<String> configured) {
    Set<Role> admin = Set.of(Role.ADMIN);
    if (configured.isPresent()) {
      String hash = hash(configured.get());
      return repository.insert(new TokenRepository.NewToken(UUID.randomUUID(), hash, "admin", admin, "AXON_ADMIN_TOKEN",
              Optional.empty(), false, true))
          .compose(v -> repository.retireConfigured(hash))
          .onSuccess(retired -> {
            if (retired > 0) {
              LOG.info("AXON_ADMIN_TOKEN changed: the previous configured admin token is revoked");
            }
          })
          .mapEmpty();
    }
    return repository.bootstrapExists().compose(exists -> {
      if (exists) {
        return Future.succeededFuture();
      }
      String token = generate();
      return repository.insert(new TokenRepository.NewToken(UUID.randomUUID(), hash(token), "admin", admin, "bootstrap",
              Optional.empty(), true, false))
          .map(inserted -> {
            if (inserted) {
              LOG.warn("Generated the bootstrap admin token and printed it once on standard output (not in the log)");
              System.out.println("\n  Axon Deploy admin token (shown once): " + token + "\n");
            }
            return null;
          });
    });
  }

  static String hash(String token) {
    return CanonicalJson.sha256Hex(token);
  }

  private static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return "axon_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
