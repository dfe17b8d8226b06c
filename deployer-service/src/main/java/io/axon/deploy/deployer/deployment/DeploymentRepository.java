package io.axon.deploy.deployer.deployment;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The SQL of deployments and their steps. Status changes are compare-and-set ({@code WHERE status =
 * $old}): a step run twice after a crash finds the row moved on and changes nothing.
 */
public final class DeploymentRepository {
  private static final String COLUMNS = "SELECT id, workflow, version, environment, strategy, status, previous_version,"
      + " reason, failure, created_by, created_at, started_at, finished_at FROM deployments";
  private static final String[] ACTIVE = DeploymentStatus.ACTIVE.stream().map(DeploymentStatus::wire).toArray(String[]::new);
  private final Pool pool;

  public DeploymentRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> insert(SqlClient tx, Deployment deployment) {
    List<Tuple> steps = deployment.steps().stream().map(step -> Tuple.of(UUID.fromString(deployment.id()), step.seq(),
        step.name(), step.status().wire(), step.detail())).toList();
    return tx.preparedQuery("INSERT INTO deployments (id, workflow, version, environment, strategy, status,"
            + " previous_version, reason, created_by, started_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())")
        .execute(Tuple.from(new Object[] {UUID.fromString(deployment.id()), deployment.workflow(), deployment.version(),
            deployment.environment(), deployment.strategy().toJson(), deployment.status().wire(),
            deployment.previousVersion().orElse(null), deployment.reason().orElse(null), deployment.createdBy()}))
        .compose(inserted -> tx.preparedQuery("INSERT INTO deployment_steps (deployment_id, seq, name, status, detail)"
            + " VALUES ($1, $2, $3, $4, $5)").executeBatch(steps))
        .mapEmpty();
  }

  public Future<Optional<Deployment>> find(String id) {
    return find(pool, id);
  }

  public Future<Optional<Deployment>> find(SqlClient client, String id) {
    Optional<UUID> uuid = uuid(id);
    if (uuid.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    return client.preparedQuery(COLUMNS + " WHERE id = $1").execute(Tuple.of(uuid.get()))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture(Optional.<Deployment>empty())
            : steps(client, uuid.get()).map(steps -> Optional.of(of(rows.iterator().next(), steps))));
  }

  /** A page of deployments, newest first, without their steps; {@code after} is the last id shown. */
  public Future<List<Deployment>> list(Optional<String> environment, Optional<String> workflow,
      Optional<DeploymentStatus> status, Optional<String> after, int limit) {
    return pool.preparedQuery(COLUMNS + " WHERE ($1::text IS NULL OR environment = $1)"
            + " AND ($2::text IS NULL OR workflow = $2) AND ($3::text IS NULL OR status = $3)"
            + " AND ($4::uuid IS NULL OR (created_at, id) < (SELECT created_at, id FROM deployments WHERE id = $4))"
            + " ORDER BY created_at DESC, id DESC LIMIT $5")
        .execute(Tuple.of(environment.orElse(null), workflow.orElse(null), status.map(DeploymentStatus::wire).orElse(null),
            after.flatMap(DeploymentRepository::uuid).orElse(null), limit))
        .map(rows -> {
          List<Deployment> page = new ArrayList<>();
          rows.forEach(row -> page.add(of(row, List.of())));
          return page;
        });
  }

  /** The ids of the deployments a driver must carry on with. */
  public Future<List<String>> inProgress() {
    return pool.query("SELECT id FROM deployments WHERE status = 'in_progress' ORDER BY created_at").execute()
        .map(rows -> {
          List<String> ids = new ArrayList<>();
          rows.forEach(row -> ids.add(row.getUUID("id").toString()));
          return ids;
        });
  }

  /** The versions of the deployments still active in {@code environment}, by workflow: they must stay loaded. */
  public Future<List<String[]>> activeVersions(String environment) {
    return pool.preparedQuery("SELECT workflow, version FROM deployments WHERE environment = $1 AND status = ANY($2)")
        .execute(Tuple.tuple().addString(environment).addArrayOfString(ACTIVE))
        .map(rows -> {
          List<String[]> active = new ArrayList<>();
          rows.forEach(row -> active.add(new String[] {row.getString("workflow"), row.getString("version")}));
          return active;
        });
  }

  /** Whether a deployment of {@code workflow} is active in {@code environment}; its id if so. */
  public Future<Optional<String>> activeOf(SqlClient client, String environment, String workflow) {
    return client.preparedQuery("SELECT id FROM deployments WHERE environment = $1 AND workflow = $2 AND status = ANY($3)")
        .execute(Tuple.tuple().addString(environment).addString(workflow).addArrayOfString(ACTIVE))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getUUID("id").toString()));
  }

  /** Moves a step from {@code from} to {@code to}; false when it had moved already. */
  public Future<Boolean> moveStep(SqlClient tx, String id, int seq, Step.Status from, Step.Status to, JsonObject detail) {
    String times = to == Step.Status.RUNNING ? "started_at = now()" : "finished_at = now()";
    return tx.preparedQuery("UPDATE deployment_steps SET status = $4, detail = detail || $5, " + times
            + " WHERE deployment_id = $1 AND seq = $2 AND status = $3")
        .execute(Tuple.of(UUID.fromString(id), seq, from.wire(), to.wire(), detail))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Moves the deployment from {@code from} to a final {@code to}; false when it had moved already. */
  public Future<Boolean> finish(SqlClient tx, String id, DeploymentStatus from, DeploymentStatus to,
      Optional<String> failure) {
    return tx.preparedQuery("UPDATE deployments SET status = $3, failure = $4, finished_at = now()"
            + " WHERE id = $1 AND status = $2")
        .execute(Tuple.of(UUID.fromString(id), from.wire(), to.wire(), failure.orElse(null)))
        .map(rows -> rows.rowCount() == 1);
  }

  private static Future<List<Step>> steps(SqlClient client, UUID id) {
    return client.preparedQuery("SELECT seq, name, status, detail, started_at, finished_at FROM deployment_steps"
            + " WHERE deployment_id = $1 ORDER BY seq").execute(Tuple.of(id))
        .map(rows -> {
          List<Step> steps = new ArrayList<>();
          rows.forEach(row -> steps.add(new Step(row.getInteger("seq"), row.getString("name"),
              Step.Status.fromWire(row.getString("status")), row.getJsonObject("detail"),
              instant(row, "started_at"), instant(row, "finished_at"))));
          return steps;
        });
  }

  private static Deployment of(Row row, List<Step> steps) {
    return new Deployment(row.getUUID("id").toString(), row.getString("workflow"), row.getString("version"),
        row.getString("environment"), Strategy.fromJson(row.getJsonObject("strategy")),
        DeploymentStatus.fromWire(row.getString("status")), Optional.ofNullable(row.getString("previous_version")),
        Optional.ofNullable(row.getString("reason")), Optional.ofNullable(row.getString("failure")),
        row.getString("created_by"), instant(row, "created_at").orElseThrow(), instant(row, "started_at"),
        instant(row, "finished_at"), steps);
  }

  private static Optional<Instant> instant(Row row, String column) {
    return Optional.ofNullable(row.getOffsetDateTime(column)).map(OffsetDateTime::toInstant);
  }

  static Optional<UUID> uuid(String id) {
    try {
      return Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException | NullPointerException e) {
      return Optional.empty();
    }
  }
}
