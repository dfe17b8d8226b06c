package io.axon.deploy.gateway.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway's in-memory view of the valid tokens, by digest: authentication is a map lookup, so
 * neither known nor unknown tokens reach PostgreSQL per request. The view reloads when the token
 * change counter moves, which it checks every refresh interval (revocation reaches every gateway
 * within it) and, at most every {@link #MISS_RECHECK_MS}, when a token is not found (so that a
 * token issued through another gateway works at once, and a flood of bad tokens costs one query).
 * The gateway that issues or revokes a token also tells every gateway at once on
 * {@link #CHANGES}, so that neither waits for the next check.
 */
public final class TokenDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(TokenDirectory.class);
  static final long MISS_RECHECK_MS = 50;
  /** Gateway-internal: a token issued ({@code {token}}) or revoked ({@code {revoked: id}}). */
  public static final String CHANGES = "axon.gateway.tokens";

  private final Vertx vertx;
  private final TokenRepository repository;
  private Map<String, StoredToken> byHash = Map.of();
  private long version = -1;
  private long checkedAt;
  private Future<Void> refreshing;
  private long timer = -1;

  public TokenDirectory(Vertx vertx, TokenRepository repository) {
    this.vertx = vertx;
    this.repository = repository;
  }

  /** Loads the view, then keeps it fresh every {@code intervalMs} and on every change another gateway announces. */
  public Future<Void> start(long intervalMs) {
    return vertx.eventBus().<JsonObject>consumer(CHANGES, message -> apply(message.body())).completion()
        .compose(v -> refresh())
        .onSuccess(v -> timer = vertx.setPeriodic(intervalMs, id -> refresh()));
  }

  /** Tells every gateway's view that a token was issued. */
  public void announceIssued(StoredToken token) {
    vertx.eventBus().publish(CHANGES, new JsonObject().put("token", token.toJson().put("tokenHash", token.tokenHash())));
  }

  /** Tells every gateway's view that a token was revoked. */
  public void announceRevoked(java.util.UUID id) {
    vertx.eventBus().publish(CHANGES, new JsonObject().put("revoked", id.toString()));
  }

  private void apply(JsonObject change) {
    if (change.getJsonObject("token") != null) {
      add(StoredToken.fromJson(change.getJsonObject("token")));
    } else if (change.getString("revoked") != null) {
      String id = change.getString("revoked");
      byHash = byHash.values().stream().filter(t -> !t.id().toString().equals(id))
          .collect(Collectors.toUnmodifiableMap(StoredToken::tokenHash, Function.identity()));
    }
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  public Future<Optional<Principal>> find(String tokenHash) {
    Optional<Principal> known = lookup(tokenHash);
    if (known.isPresent() || System.currentTimeMillis() - checkedAt < MISS_RECHECK_MS) {
      return Future.succeededFuture(known);
    }
    return refresh().map(v -> lookup(tokenHash));
  }

  private void add(StoredToken token) {
    Map<String, StoredToken> next = new java.util.HashMap<>(byHash);
    next.put(token.tokenHash(), token);
    byHash = Map.copyOf(next);
  }

  private Optional<Principal> lookup(String tokenHash) {
    StoredToken token = byHash.get(tokenHash);
    return token != null && token.validAt(Instant.now()) ? Optional.of(token.principal()) : Optional.empty();
  }

  /** One check at a time; a reload only when the change counter moved. */
  private Future<Void> refresh() {
    if (refreshing != null) {
      return refreshing;
    }
    refreshing = repository.version()
        .compose(current -> current == version ? Future.<Void>succeededFuture() : repository.valid().map(tokens -> {
          byHash = tokens.stream().collect(Collectors.toUnmodifiableMap(StoredToken::tokenHash, Function.identity()));
          version = current;
          return null;
        }))
        .onComplete(done -> {
          checkedAt = System.currentTimeMillis();
          refreshing = null;
          if (done.failed()) {
            LOG.warn("could not refresh the token view; keeping the last one: {}", done.cause().toString());
          }
        });
    return refreshing;
  }
}
