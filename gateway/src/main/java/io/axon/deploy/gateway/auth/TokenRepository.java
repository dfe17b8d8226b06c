package io.axon.deploy.gateway.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/** The SQL of tokens, which are stored as digests only. */
public final class TokenRepository {
  private final Pool pool;

  public TokenRepository(Pool pool) {
    this.pool = pool;
  }

  /** Stores a token's digest; false when that digest (or, for a bootstrap token, any bootstrap token) exists. */
  public Future<Boolean> insert(UUID id, String tokenHash, Principal principal, boolean bootstrap, String createdBy) {
    return pool.preparedQuery("INSERT INTO tokens (id, token_hash, user_name, roles, bootstrap, created_by)"
            + " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING")
        .execute(Tuple.of(id, tokenHash, principal.user(),
            principal.roles().stream().map(Role::wire).toArray(String[]::new), bootstrap, createdBy))
        .map(rows -> rows.rowCount() == 1);
  }

  public Future<Optional<Principal>> find(String tokenHash) {
    return pool.preparedQuery("SELECT user_name, roles FROM tokens WHERE token_hash = $1")
        .execute(Tuple.of(tokenHash))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next())));
  }

  public Future<Void> delete(UUID id) {
    return pool.preparedQuery("DELETE FROM tokens WHERE id = $1").execute(Tuple.of(id)).mapEmpty();
  }

  public Future<Boolean> bootstrapExists() {
    return pool.query("SELECT 1 FROM tokens WHERE bootstrap").execute().map(rows -> rows.size() > 0);
  }

  private static Principal map(Row row) {
    return new Principal(row.getString("user_name"),
        Arrays.stream(row.getArrayOfStrings("roles")).map(Role::fromWire).collect(Collectors.toUnmodifiableSet()));
  }
}
