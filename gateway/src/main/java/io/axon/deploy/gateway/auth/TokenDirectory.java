package io.axon.deploy.gateway.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway's in-memory view of the valid tokens, by digest: authentication is a map lookup, so
 * neither known nor unknown tokens reach PostgreSQL per request. The view reloads when the token
 * change counter moves, which it checks every refresh interval (so a revocation reaches every gateway
 * within it) and on a miss, at most every {@link #MISS_RECHECK_MS} (so a flood of bad tokens costs
 * one query per interval). A gateway that issues or revokes a token tells every gateway's view at
 * once on {@link #CHANGES}; its own process's views also see a token it has just issued at once,
 * through the process's local map, before the announcement or the next check arrives.
 */
public final class TokenDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(TokenDirectory.class);
  static final long MISS_RECHECK_MS = 50;
  private static final long RECENT_MS = 5_000;
  /** Gateway-internal: a token issued ({@code {token}}) or revoked ({@code {revoked: id}}). */
  public static final String CHANGES = "axon.gateway.tokens";

  private final Vertx vertx;
  private final TokenRepository repository;
  private final LocalMap<String, JsonObject> issuedHere;
  private Map<String, StoredToken> byHash = Map.of();
  private long version = -1;
  private long checkedAt;
  /** When the last completed check started: it saw every token issued before then. */
  private long seenUpTo;
  /** Revocations announced: refused at once, even by a reload that read the table before the revocation. */
  private final java.util.Set<String> revoked = new java.util.HashSet<>();
  private Future<Void> checking;
  private long timer = -1;

  public TokenDirectory(Vertx vertx, TokenRepository repository) {
    this.vertx = vertx;
    this.repository = repository;
    this.issuedHere = vertx.sharedData().getLocalMap("axon.gateway.issued-tokens");
  }

  /** Loads the view, then keeps it fresh every {@code intervalMs} and on every change another gateway announces. */
  public Future<Void> start(long intervalMs) {
    return vertx.eventBus().<JsonObject>consumer(CHANGES, message -> apply(message.body())).completion()
        .compose(v -> check())
        .onSuccess(v -> timer = vertx.setPeriodic(intervalMs, id -> check()));
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  public Future<Optional<Principal>> find(String tokenHash) {
    Optional<Principal> known = lookup(tokenHash).or(() -> issuedJustNow(tokenHash));
    if (known.isPresent() || System.currentTimeMillis() - checkedAt < MISS_RECHECK_MS) {
      return Future.succeededFuture(known);
    }
    return check().map(v -> lookup(tokenHash));
  }

  /** Tells every gateway's view that a token was issued. */
  public void announceIssued(StoredToken token) {
    JsonObject json = token.toJson().put("tokenHash", token.tokenHash());
    issuedHere.put(token.tokenHash(), json.copy().put("issuedAt", System.currentTimeMillis()));
    vertx.eventBus().publish(CHANGES, new JsonObject().put("token", json));
  }

  /** Tells every gateway's view that a token was revoked. */
  public void announceRevoked(UUID id) {
    issuedHere.entrySet().removeIf(e -> id.toString().equals(e.getValue().getString("id")));
    vertx.eventBus().publish(CHANGES, new JsonObject().put("revoked", id.toString()));
  }

  private void apply(JsonObject change) {
    if (change.getJsonObject("token") != null) {
      StoredToken token = StoredToken.fromJson(change.getJsonObject("token"));
      Map<String, StoredToken> next = new HashMap<>(byHash);
      next.put(token.tokenHash(), token);
      byHash = Map.copyOf(next);
    } else if (change.getString("revoked") != null) {
      String id = change.getString("revoked");
      revoked.add(id);
      byHash = byHash.values().stream().filter(t -> !t.id().toString().equals(id))
          .collect(Collectors.toUnmodifiableMap(StoredToken::tokenHash, Function.identity()));
    }
  }

  private Optional<Principal> lookup(String tokenHash) {
    StoredToken token = byHash.get(tokenHash);
    return valid(token) ? Optional.of(token.principal()) : Optional.empty();
  }

  private boolean valid(StoredToken token) {
    return token != null && token.validAt(Instant.now()) && !revoked.contains(token.id().toString());
  }

  private Optional<Principal> issuedJustNow(String tokenHash) {
    JsonObject issued = issuedHere.get(tokenHash);
    if (issued == null || issued.getLong("issuedAt") < seenUpTo
        || System.currentTimeMillis() - issued.getLong("issuedAt") > RECENT_MS) {
      return Optional.empty(); // the last check saw it if it is still valid
    }
    StoredToken token = StoredToken.fromJson(issued);
    return valid(token) ? Optional.of(token.principal()) : Optional.empty();
  }

  /** Reads the change counter and reloads the view when it moved; one check at a time. */
  private Future<Void> check() {
    if (checking != null) {
      return checking;
    }
    long started = System.currentTimeMillis();
    checking = repository.version()
        .compose(current -> current == version ? Future.<Void>succeededFuture() : repository.valid().map(tokens -> {
          byHash = tokens.stream().collect(Collectors.toUnmodifiableMap(StoredToken::tokenHash, Function.identity()));
          version = current;
          return null;
        }))
        .onFailure(failure -> LOG.warn("could not refresh the token view; keeping the last one: {}", failure.toString()))
        .onComplete(done -> {
          checkedAt = System.currentTimeMillis();
          if (done.succeeded()) {
            seenUpTo = started;
          }
          checking = null;
        });
    return checking;
  }
}
