package io.axon.deploy.gateway.auth;

import io.axon.deploy.common.db.Database;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemType;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * The SQL of tokens, which are stored as digests only. Every issue and revocation bumps
 * {@code token_changes} in its transaction, which is how gateways learn that their view is stale.
 */
public final class TokenRepository {
  private static final String COLUMNS = "id, token_hash, user_name, roles, created_at, created_by, expires_at, revoked_at";

  private final Pool pool;

  public TokenRepository(Pool pool) {
    this.pool = pool;
  }

  /** What a new token is: its digest and who it is for. */
  public record NewToken(UUID id, String tokenHash, String user, java.util.Set<Role> roles, String createdBy,
      Optional<Instant> expiresAt, boolean bootstrap, boolean configured) {
  }

  /** A key under which a token was issued before: the request's digest and the token. */
  public record IssueKey(String owner, String key, String fingerprint) {
  }

  /**
   * Stores a token's digest and, in the same transaction, the key it was issued under; fails with a
   * 409 when the key issued a token already (the secret is not kept, so it cannot be given again),
   * and a 422 when the key came with another request.
   */
  public Future<Boolean> insert(NewToken token, IssueKey issueKey) {
    return pool.withTransaction(tx -> tx.preparedQuery("SELECT fingerprint, token_id FROM token_issue_keys"
            + " WHERE owner = $1 AND key = $2 AND expires_at > now() FOR UPDATE")
        .execute(Tuple.of(issueKey.owner(), issueKey.key()))
        .compose(rows -> {
          if (rows.size() > 0) {
            Row earlier = rows.iterator().next();
            return Future.failedFuture(earlier.getString("fingerprint").equals(issueKey.fingerprint())
                ? new Problem(ProblemType.CONFLICT, "this Idempotency-Key issued token " + earlier.getUUID("token_id")
                    + " already; its secret was shown once and is not kept: revoke it and issue another").exception()
                : Problem.unprocessable("this Idempotency-Key was used for a different request; use a new key",
                    List.of(new Problem.FieldError("header/Idempotency-Key", "already used for a different request"))));
          }
          return insert(tx, token).compose(stored -> tx.preparedQuery("INSERT INTO token_issue_keys"
                  + " (owner, key, fingerprint, token_id, expires_at) VALUES ($1, $2, $3, $4, now() + interval '24 hours')"
                  + " ON CONFLICT (owner, key) DO UPDATE SET fingerprint = $3, token_id = $4, expires_at = now() + interval '24 hours'")
              .execute(Tuple.of(issueKey.owner(), issueKey.key(), issueKey.fingerprint(), token.id()))
              .map(stored));
        }))
        .recover(failure -> failure instanceof io.vertx.pgclient.PgException pg && Database.UNIQUE_VIOLATION.equals(pg.getSqlState())
            ? Future.failedFuture(Problem.conflict("a request with this Idempotency-Key is still in progress"))
            : Future.failedFuture(failure));
  }

  /** Stores a token's digest; false when that digest (or, for a bootstrap token, any bootstrap token) exists. */
  public Future<Boolean> insert(NewToken token) {
    return pool.withTransaction(tx -> insert(tx, token));
  }

  private static Future<Boolean> insert(SqlClient tx, NewToken token) {
    return tx.preparedQuery("INSERT INTO tokens (id, token_hash, user_name, roles, created_by,"
                + " expires_at, bootstrap, configured) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING")
            .execute(Tuple.from(Arrays.asList(token.id(), token.tokenHash(), token.user(),
                token.roles().stream().map(Role::wire).toArray(String[]::new), token.createdBy(),
                token.expiresAt().map(at -> at.atOffset(ZoneOffset.UTC)).orElse(null), token.bootstrap(), token.configured())))
            .compose(rows -> rows.rowCount() == 1 ? changed(tx).map(true) : Future.succeededFuture(false));
  }

  /** Revokes the token; false when there is no such token. Revoking twice is harmless. */
  public Future<Boolean> revoke(UUID id, String by) {
    return pool.withTransaction(tx -> tx.preparedQuery("UPDATE tokens SET revoked_at = COALESCE(revoked_at, now()),"
                + " revoked_by = COALESCE(revoked_by, $2) WHERE id = $1")
            .execute(Tuple.of(id, by))
            .compose(rows -> rows.rowCount() == 1 ? changed(tx).map(true) : Future.succeededFuture(false)));
  }

  /**
   * Makes the token of {@code AXON_ADMIN_TOKEN}'s value valid (stored, or un-revoked: the configuration
   * says it is the admin's) and revokes every earlier value of it.
   */
  public Future<Integer> configure(NewToken token) {
    return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO tokens (id, token_hash, user_name, roles, created_by,"
                + " bootstrap, configured) VALUES ($1, $2, $3, $4, $5, false, true) ON CONFLICT (token_hash) DO UPDATE"
                + " SET revoked_at = NULL, revoked_by = NULL WHERE tokens.configured AND tokens.revoked_at IS NOT NULL")
            .execute(Tuple.of(token.id(), token.tokenHash(), token.user(),
                token.roles().stream().map(Role::wire).toArray(String[]::new), token.createdBy()))
            .compose(upserted -> retire(tx, token.tokenHash()).map(retired -> upserted.rowCount() + retired))
            .compose(changes -> changes > 0 ? changed(tx).map(changes) : Future.succeededFuture(0)));
  }

  /** Revokes every token that came from AXON_ADMIN_TOKEN (but {@code keptHash}, when given); how many. */
  public Future<Integer> retireConfigured() {
    return pool.withTransaction(tx -> retire(tx, null)
        .compose(retired -> retired > 0 ? changed(tx).map(retired) : Future.succeededFuture(0)));
  }

  private static Future<Integer> retire(SqlClient tx, String keptHash) {
    return tx.preparedQuery("UPDATE tokens SET revoked_at = now(), revoked_by = 'AXON_ADMIN_TOKEN changed'"
            + " WHERE configured AND revoked_at IS NULL AND ($1::text IS NULL OR token_hash <> $1)")
        .execute(Tuple.of(keptHash))
        .map(rows -> rows.rowCount());
  }

  public Future<Void> delete(UUID id) {
    return pool.withTransaction(tx -> tx.preparedQuery("DELETE FROM tokens WHERE id = $1").execute(Tuple.of(id))
        .compose(rows -> changed(tx)));
  }

  /** Whether some admin can still get in: a valid token with the admin role. */
  public Future<Boolean> validAdminExists() {
    return pool.query("SELECT 1 FROM tokens WHERE 'admin' = ANY (roles) AND revoked_at IS NULL"
        + " AND (expires_at IS NULL OR expires_at > now()) LIMIT 1").execute().map(rows -> rows.size() > 0);
  }

  /** The change counter: a new value means some token was issued or revoked. */
  public Future<Long> version() {
    return pool.query("SELECT version FROM token_changes").execute().map(rows -> rows.iterator().next().getLong("version"));
  }

  /** Every token that is neither revoked nor expired. */
  public Future<List<StoredToken>> valid() {
    return pool.query("SELECT " + COLUMNS + " FROM tokens WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())")
        .execute().map(TokenRepository::tokens);
  }

  public Future<Optional<StoredToken>> find(UUID id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM tokens WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> tokens(rows).stream().findFirst());
  }

  /** Up to {@code limit} tokens in id order after {@code afterId}. */
  public Future<List<StoredToken>> list(Optional<String> afterId, int limit) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM tokens WHERE id::text > $1 ORDER BY id::text LIMIT $2")
        .execute(Tuple.of(afterId.orElse(""), limit))
        .map(TokenRepository::tokens);
  }

  private static Future<Void> changed(SqlClient tx) {
    return tx.query("UPDATE token_changes SET version = version + 1").execute().mapEmpty();
  }

  private static List<StoredToken> tokens(RowSet<Row> rows) {
    return StreamSupport.stream(rows.spliterator(), false).map(TokenRepository::map).toList();
  }

  private static StoredToken map(Row row) {
    return new StoredToken(row.getUUID("id"), row.getString("token_hash"), row.getString("user_name"),
        Arrays.stream(row.getArrayOfStrings("roles")).map(Role::fromWire).collect(Collectors.toUnmodifiableSet()),
        row.getOffsetDateTime("created_at").toInstant(), row.getString("created_by"),
        Optional.ofNullable(row.getOffsetDateTime("expires_at")).map(OffsetDateTime::toInstant),
        Optional.ofNullable(row.getOffsetDateTime("revoked_at")).map(OffsetDateTime::toInstant));
  }
}
