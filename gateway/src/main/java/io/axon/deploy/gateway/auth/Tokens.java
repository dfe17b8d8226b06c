package io.axon.deploy.gateway.auth;

import io.axon.deploy.common.json.CanonicalJson;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
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
  private static final int DIGESTS_KEPT = 1_024;
  private static final Logger LOG = LoggerFactory.getLogger(Tokens.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A new token: the secret, shown once, and what is stored of it. */
  public record Issued(String token, StoredToken stored) {
  }

  private final TokenRepository repository;
  private final TokenDirectory directory;
  /**
   * The digests of the tokens this event loop saw last: a digest is a pure function of the token, so
   * remembering it changes no decision (the directory still says whether the token is valid now),
   * and saves a SHA-256 per routed execution.
   */
  private final Map<String, String> digests = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > DIGESTS_KEPT;
    }
  };

  public Tokens(TokenRepository repository, TokenDirectory directory) {
    this.repository = repository;
    this.directory = directory;
  }

  /** Issues a token; under an idempotency key, once per key (a retry gets a 409 naming the token issued). */
  public Future<Issued> issue(String user, Set<Role> roles, Optional<Instant> expiresAt, String createdBy,
      Optional<TokenRepository.IssueKey> issueKey) {
    String token = generate();
    UUID id = UUID.randomUUID();
    TokenRepository.NewToken fresh = new TokenRepository.NewToken(id, hash(token), user, roles, createdBy, expiresAt, false, false);
    return (issueKey.isPresent() ? repository.insert(fresh, issueKey.get()) : repository.insert(fresh))
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
  public Future<Boolean> revoke(StoredToken token, String by) {
    return repository.revoke(token.id(), by).onSuccess(revoked -> directory.announceRevoked(token));
  }

  public Future<Optional<Principal>> authenticate(String token) {
    return directory.find(digest(token));
  }

  /** The digest by which the token view knows {@code token}: what a long-lived connection keeps of it. */
  public String digest(String token) {
    String digest = digests.get(token);
    if (digest == null) {
      digest = hash(token);
      digests.put(token, digest);
    }
    return digest;
  }

  /** Whether the token of {@code digest} is still valid (neither revoked nor expired), from memory. */
  public boolean validNow(String digest) {
    return directory.validNow(digest);
  }

  /**
   * Makes sure an admin can get in, once per gateway process: the token from {@code AXON_ADMIN_TOKEN}
   * if one is configured (retiring every earlier value of it), otherwise every configured value is
   * retired and, when no valid admin token is left, one is generated, stored by whichever gateway
   * gets there first and printed once.
   */
  public static Future<Void> bootstrap(TokenRepository repository, Optional<String> configured) {
    Set<Role> admin = Set.of(Role.ADMIN);
    if (configured.isPresent()) {
      return repository.configure(new TokenRepository.NewToken(UUID.randomUUID(), hash(configured.get()), "admin", admin,
              "AXON_ADMIN_TOKEN", Optional.empty(), false, true))
          .mapEmpty();
    }
    return repository.retireConfigured()
        .onSuccess(retired -> {
          if (retired > 0) {
            LOG.info("AXON_ADMIN_TOKEN is no longer set: its value is revoked");
          }
        })
        .compose(retired -> repository.validAdminExists())
        .compose(exists -> exists ? Future.succeededFuture() : generateBootstrap(repository, admin));
  }

  private static Future<Void> generateBootstrap(TokenRepository repository, Set<Role> admin) {
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
