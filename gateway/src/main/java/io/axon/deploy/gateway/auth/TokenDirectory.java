package io.axon.deploy.gateway.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway's in-memory view of the valid tokens, by digest: authentication is a map lookup, so
 * neither known nor unknown tokens reach PostgreSQL per request. The view is only ever filled from
 * the database: it reloads when the token change counter moves, which it checks every refresh
 * interval (so a revocation reaches every gateway within it), after a miss at most every
 * {@link #MISS_RECHECK_MS} (so a flood of bad tokens costs one query per interval), and when a gateway
 * announces on {@link #CHANGES} that it issued or revoked one (a hint to check at once, never
 * trusted as data). A token issued in this process is also seen at once through the process's local
 * map until the next check has read it.
 */
public final class TokenDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(TokenDirectory.class);
  static final long MISS_RECHECK_MS = 50;
  private static final long RECENT_MS = 5_000;
  /** A check running this long is not waited for: the next one starts beside it. */
  private static final long STALLED_MS = 2_000;
  /** Gateway-internal: "a token was issued or revoked, check now". */
  public static final String CHANGES = "axon.gateway.tokens";

  private final Vertx vertx;
  private final TokenRepository repository;
  private final LocalMap<String, JsonObject> issuedHere;
  private Map<String, StoredToken> byHash = Map.of();
  private long version = -1;
  private long checkedAt;
  /** When the last completed check started: it saw every token issued before then. */
  private long seenUpTo;
  private Future<Void> checking;
  private long checkStartedAt;
  private Future<Void> queued;
  private Future<Void> afterMiss;
  private long timer = -1;

  public TokenDirectory(Vertx vertx, TokenRepository repository) {
    this.vertx = vertx;
    this.repository = repository;
    this.issuedHere = vertx.sharedData().getLocalMap("axon.gateway.issued-tokens");
  }

  /** Loads the view, then keeps it fresh every {@code intervalMs} and whenever a gateway announces a change. */
  public Future<Void> start(long intervalMs) {
    return vertx.eventBus().consumer(CHANGES, message -> checkAfterNow()).completion()
        .compose(v -> check())
        .onSuccess(v -> timer = vertx.setPeriodic(intervalMs, id -> check()));
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  /** The caller of a token, if it is valid; a database that cannot be reached makes an unknown token unknown, not an error. */
  public Future<Optional<Principal>> find(String tokenHash) {
    Optional<Principal> known = lookup(tokenHash).or(() -> issuedJustNow(tokenHash));
    if (known.isPresent()) {
      return Future.succeededFuture(known);
    }
    return missCheck().otherwiseEmpty().map(v -> lookup(tokenHash).or(() -> issuedJustNow(tokenHash)));
  }

  /**
   * A check that starts after this miss, shared by every miss until it starts, and at least
   * {@link #MISS_RECHECK_MS} after the last check ended: a token issued through another gateway a
   * moment ago is found, and a flood of unknown tokens costs one query per interval, not one each.
   */
  private Future<Void> missCheck() {
    if (afterMiss == null) {
      long wait = MISS_RECHECK_MS - (System.currentTimeMillis() - checkedAt);
      Future<Void> due = wait <= 0 ? Future.succeededFuture() : vertx.timer(wait).mapEmpty();
      afterMiss = due.compose(v -> {
        afterMiss = null;
        return checkAfterNow();
      });
    }
    return afterMiss;
  }

  /**
   * Whether the token of {@code tokenHash} is valid now in this view, without reading the database:
   * what a long-lived connection asks again and again, so that a revocation or an expiry ends it.
   */
  public boolean validNow(String tokenHash) {
    return lookup(tokenHash).or(() -> issuedJustNow(tokenHash)).isPresent();
  }

  /** Lets this process's views see a token at once, and tells every gateway to check. */
  public void announceIssued(StoredToken token) {
    issuedHere.put(token.tokenHash(), token.toJson().put("tokenHash", token.tokenHash())
        .put("issuedAt", System.currentTimeMillis()));
    vertx.eventBus().publish(CHANGES, new JsonObject().put("issued", token.id().toString()));
  }

  /** Forgets a revoked token in this process at once, and tells every gateway to check. */
  public void announceRevoked(StoredToken token) {
    issuedHere.remove(token.tokenHash());
    vertx.eventBus().publish(CHANGES, new JsonObject().put("revoked", token.id().toString()));
  }

  private Optional<Principal> lookup(String tokenHash) {
    StoredToken token = byHash.get(tokenHash);
    return token != null && token.validAt(Instant.now()) ? Optional.of(token.principal()) : Optional.empty();
  }

  private Optional<Principal> issuedJustNow(String tokenHash) {
    JsonObject issued = issuedHere.get(tokenHash);
    if (issued == null || issued.getLong("issuedAt") < seenUpTo) {
      return Optional.empty(); // the last check read the table after it was issued
    }
    StoredToken token = StoredToken.fromJson(issued);
    return token.validAt(Instant.now()) ? Optional.of(token.principal()) : Optional.empty();
  }

  /** A check that starts after now: after the one running, if one is. */
  private Future<Void> checkAfterNow() {
    if (checking == null) {
      return check();
    }
    if (queued == null) {
      queued = checking.transform(done -> {
        queued = null;
        return check();
      });
    }
    return queued;
  }

  /** Reads the change counter and reloads the view when it moved; one check at a time. */
  private Future<Void> check() {
    if (checking != null && System.currentTimeMillis() - checkStartedAt < STALLED_MS) {
      return checking;
    }
    long started = System.currentTimeMillis();
    checkStartedAt = started;
    checking = repository.version()
        .compose(current -> current == version ? Future.<Void>succeededFuture() : repository.valid().map(tokens -> {
          byHash = tokens.stream().collect(Collectors.toUnmodifiableMap(StoredToken::tokenHash, Function.identity()));
          version = current;
          return null;
        }))
        .onFailure(failure -> LOG.warn("could not refresh the token view; keeping the last one: {}", failure.toString()))
        .onComplete(done -> {
          if (checkStartedAt == started) {
            checking = null;
          }
          checkedAt = System.currentTimeMillis();
          if (done.succeeded()) {
            seenUpTo = started;
            forgetOld();
          }
        });
    return checking;
  }

  /**
   * Local entries older than {@link #RECENT_MS} go: by then every verticle instance's periodic check
   * has read them. The map is shared by the process's instances and each has its own view, so one
   * instance's check must not remove an entry another instance has not read yet.
   */
  private void forgetOld() {
    try {
      forgetOldEntries();
    } catch (RuntimeException e) {
      LOG.warn("could not forget old locally issued tokens", e);
    }
  }

  private void forgetOldEntries() {
    List<String> seen = issuedHere.keySet().stream()
        .filter(hash -> {
          JsonObject issued = issuedHere.get(hash);
          return issued != null && System.currentTimeMillis() - issued.getLong("issuedAt") > RECENT_MS;
        })
        .toList();
    seen.forEach(issuedHere::remove);
  }
}
