package io.axon.deploy.common.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.Set;
import org.flywaydb.core.Flyway;

/**
 * A service's way to its PostgreSQL schema: creates the database when it is missing, migrates the
 * service's own schema with its own Flyway history, and opens a pool confined to that schema.
 */
public final class Database {
  /** SQLSTATE of an INSERT or UPDATE that breaks a unique key: a conflict with what exists. */
  public static final String UNIQUE_VIOLATION = "23505";
  private static final Set<String> ALREADY_EXISTS = Set.of("42P04", UNIQUE_VIOLATION);

  private Database() {
  }

  /** Ready-to-use pool on {@code schema}, after creating the database and migrating the schema. */
  public static Future<Pool> open(Vertx vertx, String url, String schema, int poolSize) {
    PgConnectOptions options = PgConnectOptions.fromUri(url);
    return ensureDatabase(vertx, options)
        .compose(v -> migrate(vertx, options, schema))
        .map(v -> pool(vertx, options, schema, poolSize));
  }

  private static Future<Void> ensureDatabase(Vertx vertx, PgConnectOptions target) {
    PgConnectOptions admin = new PgConnectOptions(target).setDatabase("postgres");
    String database = target.getDatabase();
    return PgConnection.connect(vertx, admin).compose(conn -> conn
        .preparedQuery("SELECT 1 FROM pg_database WHERE datname = $1")
        .execute(io.vertx.sqlclient.Tuple.of(database))
        .compose(rows -> rows.size() > 0
            ? Future.<Void>succeededFuture()
            : conn.query("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"").execute()
                .<Void>mapEmpty()
                .recover(Database::ignoreAlreadyExists))
        .eventually(conn::close));
  }

  private static Future<Void> ignoreAlreadyExists(Throwable failure) {
    if (failure instanceof PgException pg && ALREADY_EXISTS.contains(pg.getSqlState())) {
      return Future.succeededFuture(); // another service created it a moment ago
    }
    return Future.failedFuture(failure);
  }

  private static Future<Void> migrate(Vertx vertx, PgConnectOptions options, String schema) {
    // the same server, database and TLS mode as the reactive pool, for Flyway's JDBC connection
    String jdbcUrl = "jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase()
        + "?sslmode=" + options.getSslMode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    return vertx.executeBlocking(() -> Flyway.configure()
        .dataSource(jdbcUrl, options.getUser(), options.getPassword())
        .schemas(schema)
        .createSchemas(true)
        .locations("classpath:db/" + schema)
        .load()
        .migrate(), false).mapEmpty();
  }

  private static Pool pool(Vertx vertx, PgConnectOptions options, String schema, int poolSize) {
    PgConnectOptions connect = new PgConnectOptions(options)
        .setCachePreparedStatements(true)
        .addProperty("search_path", schema);
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(poolSize))
        .connectingTo(connect)
        .using(vertx)
        .build();
  }
}
