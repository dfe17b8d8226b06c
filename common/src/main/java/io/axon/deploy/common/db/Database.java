package io.axon.deploy.common.db;

import io.axon.deploy.common.config.AxonConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;

/**
 * A service's way to its PostgreSQL schema. {@link #prepare} runs once per process, before the
 * service's verticles start: it creates the database when it is missing and migrates the service's
 * own schema with its own Flyway history. Each verticle instance then takes a handle on the one
 * pool the process shares for that schema ({@link #pool}), bounded in size and wait queue, whose
 * statements PostgreSQL cancels once the caller has stopped waiting for them.
 */
public final class Database {
  /** SQLSTATE of an INSERT or UPDATE that breaks a unique key: a conflict with what exists. */
  public static final String UNIQUE_VIOLATION = "23505";
  private static final Set<String> ALREADY_EXISTS = Set.of("42P04", UNIQUE_VIOLATION);

  private Database() {
  }

  /** Creates the database if needed and migrates {@code schema}; once per process and schema. */
  public static Future<Void> prepare(Vertx vertx, AxonConfig config, String schema) {
    PgConnectOptions options = PgConnectOptions.fromUri(config.pgUrl());
    return ensureDatabase(vertx, options).compose(v -> migrate(vertx, options, schema));
  }

  /** A handle on the process's one pool for {@code schema}; closing every handle closes the pool. */
  public static Pool pool(Vertx vertx, AxonConfig config, String schema) {
    AxonConfig.Pg pg = config.pg();
    PgConnectOptions connect = new PgConnectOptions(PgConnectOptions.fromUri(config.pgUrl()))
        .setCachePreparedStatements(true)
        .addProperty("search_path", schema)
        .addProperty("statement_timeout", Long.toString(pg.statementTimeoutMs()))
        // a backstop for a process that hangs inside a transaction (one that dies drops its connection
        // at once); a change whose caller stopped waiting rolls itself back at its deadline first
        .addProperty("idle_in_transaction_session_timeout",
            Long.toString(Math.max(pg.statementTimeoutMs(), 2 * config.busTimeoutMs())))
        .addProperty("application_name", "axon-" + schema);
    PoolOptions pool = new PoolOptions()
        .setShared(true)
        .setName("axon-" + schema)
        .setEventLoopSize(Math.max(1, config.instances()))
        .setMaxSize(pg.poolSize())
        .setMaxWaitQueueSize(pg.waitQueue())
        .setConnectionTimeout((int) config.busTimeoutMs())
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
    return PgBuilder.pool().with(pool).connectingTo(connect).using(vertx).build();
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
        + "?sslmode=" + options.getSslMode().name().toLowerCase(Locale.ROOT).replace('_', '-');
    return vertx.executeBlocking(() -> Flyway.configure()
        .dataSource(jdbcUrl, options.getUser(), options.getPassword())
        .schemas(schema)
        .createSchemas(true)
        .locations("classpath:db/" + schema)
        .load()
        .migrate(), false).mapEmpty();
  }
}
