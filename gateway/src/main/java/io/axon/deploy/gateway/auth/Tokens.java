package io.axon.deploy.gateway.auth;

import io.axon.deploy.common.json.CanonicalJson;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues and checks bearer tokens. A token is {@code axon_} and 32 random bytes; only its sha-256
 * is stored. Tokens cannot be revoked yet, so a token once found is remembered in memory.
 */
public final class Tokens {
  private static final Logger LOG = LoggerFactory.getLogger(Tokens.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A new token: the secret, shown once, and its id. */
  public record Issued(UUID id, String token, Principal principal) {
  }

  private final TokenRepository repository;
  private final Map<String, Principal> known = new ConcurrentHashMap<>();

  public Tokens(TokenRepository repository) {
    this.repository = repository;
  }

  public Future<Issued> issue(Principal principal, String createdBy) {
    String token = generate();
    UUID id = UUID.randomUUID();
    return repository.insert(id, hash(token), principal, false, createdBy).map(stored -> {
      if (!stored) {
        throw new IllegalStateException("a freshly generated token collided with a stored one");
      }
      return new Issued(id, token, principal);
    });
  }

  /** Takes back a token that was issued but could not be recorded. */
  public Future<Void> withdraw(Issued issued) {
    known.remove(hash(issued.token()));
    return repository.delete(issued.id());
  }

  public Future<Optional<Principal>> authenticate(String token) {
    String hash = hash(token);
    Principal cached = known.get(hash);
    if (cached != null) {
      return Future.succeededFuture(Optional.of(cached));
    }
    return repository.find(hash).onSuccess(found -> found.ifPresent(p -> known.put(hash, p)));
  }

  /**
   * Makes sure an admin can get in: the token from {@code AXON_ADMIN_TOKEN} if one is configured,
   * otherwise a generated one, stored by whichever gateway gets there first and printed once.
   */
  public Future<Void> bootstrap(Optional<String> configured) {
    Principal admin = new Principal("admin", Set.of(Role.ADMIN));
    if (configured.isPresent()) {
      return repository.insert(UUID.randomUUID(), hash(configured.get()), admin, false, "AXON_ADMIN_TOKEN").mapEmpty();
    }
    return repository.bootstrapExists().compose(exists -> {
      if (exists) {
        return Future.succeededFuture();
      }
      String token = generate();
      return repository.insert(UUID.randomUUID(), hash(token), admin, true, "bootstrap").map(inserted -> {
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
