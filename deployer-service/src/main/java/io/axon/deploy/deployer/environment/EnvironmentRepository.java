package io.axon.deploy.deployer.environment;

import io.axon.deploy.common.error.Problem;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
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
        .map(rows -> {
          List<Environment> all = new ArrayList<>();
          rows.forEach(row -> all.add(of(row)));
          return all;
        });
  }

  public Future<Optional<Environment>> find(String name) {
    return pool.preparedQuery(COLUMNS + " WHERE name = $1").execute(Tuple.of(name))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(of(rows.iterator().next())));
  }

  /** The environment, or a 404 naming it. */
  public Future<Environment> require(String name) {
    return find(name).map(found -> found.orElseThrow(() -> Problem.notFound("environment '" + name + "' does not exist")));
  }

  private static Environment of(Row row) {
    return new Environment(row.getString("name"), row.getString("type"), row.getJsonObject("config"),
        row.getJsonObject("restrictions"), row.getInteger("revision"));
  }
}
