package io.axon.deploy.deployer.environment;

import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemType;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of environments. */
public final class EnvironmentRepository {
  private static final String COLUMNS = "SELECT name, type, config, restrictions, revision FROM environments";
  private final Pool pool;

  public EnvironmentRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<List<Environment>> all() {
    return pool.query(COLUMNS + " ORDER BY CASE type WHEN 'development' THEN 0 WHEN 'staging' THEN 1 ELSE 2 END, name")
        .execute()
        .map(EnvironmentRepository::list);
  }

  public Future<Optional<Environment>> find(String name) {
    return pool.preparedQuery(COLUMNS + " WHERE name = $1").execute(Tuple.of(name))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(of(rows.iterator().next())));
  }

  /** The environment, or a 404 naming it. */
  public Future<Environment> require(String name) {
    return find(name).map(found -> found.orElseThrow(() -> Problem.notFound("environment '" + name + "' does not exist")));
  }

  /**
   * Every environment, locked until the transaction ends: a change checks its promotion source
   * against the others, and two changes side by side must not close a cycle between them.
   */
  public Future<List<Environment>> lockAll(SqlClient tx) {
    return tx.query(COLUMNS + " ORDER BY name FOR UPDATE").execute().map(EnvironmentRepository::list);
  }

  /** Writes {@code next} as the revision after {@code expectedRevision}, or 412 when that is no longer the current one. */
  public Future<Environment> update(SqlClient tx, Environment next, int expectedRevision) {
    return tx.preparedQuery("UPDATE environments SET config = $2, restrictions = $3, revision = revision + 1, updated_at = now()"
            + " WHERE name = $1 AND revision = $4 RETURNING name, type, config, restrictions, revision")
        .execute(Tuple.of(next.name(), next.config().toStored(), next.restrictions().toJson(), expectedRevision))
        .map(rows -> {
          if (rows.size() == 0) {
            throw new Problem(ProblemType.PRECONDITION_FAILED, "environment '" + next.name()
                + "' changed meanwhile; read it again").exception();
          }
          return of(rows.iterator().next());
        });
  }

  private static List<Environment> list(RowSet<Row> rows) {
    List<Environment> all = new ArrayList<>();
    rows.forEach(row -> all.add(of(row)));
    return all;
  }

  private static Environment of(Row row) {
    return Environment.fromStored(row.getString("name"), row.getString("type"), row.getJsonObject("config"),
        row.getJsonObject("restrictions"), row.getInteger("revision"));
  }
}
