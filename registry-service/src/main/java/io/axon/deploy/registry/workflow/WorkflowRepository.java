package io.axon.deploy.registry.workflow;

import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.db.Database;
import io.axon.deploy.common.error.Problem;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/** The SQL of workflows. */
public final class WorkflowRepository {
  private static final String COLUMNS = "id, key, name, description, created_at, created_by";

  private final Pool pool;

  public WorkflowRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<Workflow> insert(SqlClient client, String key, String name, String description, String actor) {
    return client.preparedQuery("INSERT INTO workflows (key, name, description, created_by) VALUES ($1, $2, $3, $4)"
            + " RETURNING " + COLUMNS)
        .execute(Tuple.of(key, name, description, actor))
        .map(rows -> map(rows.iterator().next()))
        .recover(failure -> failure instanceof PgException pg && Database.UNIQUE_VIOLATION.equals(pg.getSqlState())
            ? Future.failedFuture(Problem.conflict("a workflow with key '" + key + "' already exists"))
            : Future.failedFuture(failure));
  }

  public Future<Optional<Workflow>> find(String key) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM workflows WHERE key = $1")
        .execute(Tuple.of(key))
        .map(WorkflowRepository::first);
  }

  /** The workflow, locked until the transaction of {@code client} ends: one writer per workflow. */
  public Future<Workflow> lock(SqlClient client, String key) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM workflows WHERE key = $1 FOR UPDATE")
        .execute(Tuple.of(key))
        .map(WorkflowRepository::first)
        .map(found -> found.orElseThrow(() -> notFound(key)));
  }

  /** Up to {@code limit} workflows in key order after {@code afterKey}. */
  public Future<List<Workflow>> list(Optional<String> afterKey, int limit) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM workflows WHERE key > $1 ORDER BY key LIMIT $2")
        .execute(Tuple.of(afterKey.orElse(""), limit))
        .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(WorkflowRepository::map).toList());
  }

  public static RuntimeException notFound(String key) {
    return Problem.at(ProblemType.NOT_FOUND, "/workflow", "there is no workflow '" + key + "'");
  }

  private static Optional<Workflow> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next()));
  }

  private static Workflow map(Row row) {
    return new Workflow(row.getLong("id"), row.getString("key"), row.getString("name"),
        row.getString("description"), row.getOffsetDateTime("created_at").toInstant(), row.getString("created_by"));
  }
}
