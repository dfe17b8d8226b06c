package io.axon.deploy.deployer.deployment;

import io.axon.deploy.deployer.deployment.Deployment.Rollback;
import io.axon.deploy.deployer.deployment.Deployment.Timing;
import io.axon.deploy.deployer.strategy.PlannedStep;
import io.axon.deploy.deployer.strategy.Strategy;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.db.Uuids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
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
 * $old}): a step run twice after a crash, or by a second deployer, finds the row moved on and
 * changes nothing.
 */
public final class DeploymentRepository {
  private static final String COLUMNS = "SELECT id, workflow, version, environment, strategy, status, previous_version,"
      + " reason, failure, created_by, created_at, started_at, finished_at, deadline_ms, deadline_at, paused_at,"
      + " rollback_target, ends_as, rollback_trigger, message FROM deployments";
  private static final String[] ACTIVE = DeploymentStatus.ACTIVE.stream().map(DeploymentStatus::wire).toArray(String[]::new);
  /** The statuses whose reason is also the deployment's failure. */
  private static final java.util.Set<DeploymentStatus> FAILING = java.util.EnumSet.of(DeploymentStatus.ROLLING_BACK,
      DeploymentStatus.FAILED, DeploymentStatus.ABORTED, DeploymentStatus.ROLLED_BACK);
  private final Pool pool;

  public DeploymentRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> insert(SqlClient tx, Deployment deployment) {
    return tx.preparedQuery("INSERT INTO deployments (id, workflow, version, environment, strategy, status,"
            + " previous_version, reason, created_by, deadline_ms, started_at, deadline_at)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::bigint, CASE WHEN $6 = 'in_progress' THEN now() END,"
            + " CASE WHEN $6 = 'in_progress' THEN now() + $10::bigint * interval '1 millisecond' END)")
        .execute(Tuple.from(new Object[] {UUID.fromString(deployment.id()), deployment.workflow(), deployment.version(),
            deployment.environment(), deployment.strategy().toJson(), deployment.status().wire(),
            deployment.previousVersion().orElse(null), deployment.reason().orElse(null), deployment.createdBy(),
            deployment.timing().deadlineMs()}))
        .compose(inserted -> appendSteps(tx, deployment.id(), 1,
            deployment.steps().stream().map(s -> new PlannedStep(s.kind(), s.detail())).toList()));
  }

  /** Adds {@code steps} to the plan, numbered from {@code firstSeq}. */
  public Future<Void> appendSteps(SqlClient tx, String id, int firstSeq, List<PlannedStep> steps) {
    List<Tuple> rows = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      rows.add(Tuple.of(UUID.fromString(id), firstSeq + i, steps.get(i).kind().wire(), Step.Status.PENDING.wire(),
          steps.get(i).parameters()));
    }
    return rows.isEmpty() ? Future.succeededFuture() : tx.preparedQuery("INSERT INTO deployment_steps"
        + " (deployment_id, seq, name, status, detail) VALUES ($1, $2, $3, $4, $5)").executeBatch(rows).mapEmpty();
  }

  /** Marks every step not started yet as skipped (the deployment goes another way: promoted, rolled back). */
  public Future<Void> skipPending(SqlClient tx, String id, int fromSeq, int toSeq) {
    return tx.preparedQuery("UPDATE deployment_steps SET status = 'skipped', finished_at = now()"
            + " WHERE deployment_id = $1 AND seq BETWEEN $2 AND $3 AND status IN ('pending', 'running')")
        .execute(Tuple.of(UUID.fromString(id), fromSeq, toSeq)).mapEmpty();
  }

  public Future<Optional<Deployment>> find(String id) {
    return find(pool, id);
  }

  public Future<Optional<Deployment>> find(SqlClient client, String id) {
    return load(client, id, "");
  }

  /** The deployment, its row locked until {@code tx} ends: controls change one deployment at a time. */
  public Future<Optional<Deployment>> lock(SqlClient tx, String id) {
    return load(tx, id, " FOR UPDATE");
  }

  private Future<Optional<Deployment>> load(SqlClient client, String id, String suffix) {
    Optional<UUID> uuid = Uuids.parse(id);
    if (uuid.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    return client.preparedQuery(COLUMNS + " WHERE id = $1" + suffix).execute(Tuple.of(uuid.get()))
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
            after.flatMap(Uuids::parse).orElse(null), limit))
        .map(rows -> all(rows));
  }

  /**
   * The deployments a rollback trigger may still act on, without steps: those under way (in progress
   * or paused), and those that succeeded less than {@code succeededWithinMs} ago.
   */
  public Future<List<Deployment>> watchable(long succeededWithinMs) {
    return pool.preparedQuery(COLUMNS + " WHERE status IN ('in_progress', 'paused') OR (status = 'succeeded'"
            + " AND finished_at > now() - $1::bigint * interval '1 millisecond')")
        .execute(Tuple.of(succeededWithinMs)).map(DeploymentRepository::all);
  }

  /**
   * The deployments of {@code workflow}, of {@code version} and in {@code environment} when given,
   * newest first, without their steps, at most {@code limit}.
   */
  public Future<List<Deployment>> history(String workflow, Optional<String> version, Optional<String> environment,
      int limit) {
    return pool.preparedQuery(COLUMNS + " WHERE workflow = $1 AND ($2::text IS NULL OR version = $2)"
            + " AND ($3::text IS NULL OR environment = $3) ORDER BY created_at DESC, id DESC LIMIT $4")
        .execute(Tuple.of(workflow, version.orElse(null), environment.orElse(null), limit))
        .map(DeploymentRepository::all);
  }

  /** The ids of the deployments in {@code status}, oldest first. */
  public Future<List<String>> withStatus(DeploymentStatus status) {
    return pool.preparedQuery("SELECT id FROM deployments WHERE status = $1 ORDER BY created_at")
        .execute(Tuple.of(status.wire())).map(DeploymentRepository::ids);
  }

  /** The deployments still active in {@code environment}, without steps: their versions must stay loaded. */
  public Future<List<Deployment>> active(String environment) {
    return pool.preparedQuery(COLUMNS + " WHERE environment = $1 AND status = ANY($2)")
        .execute(Tuple.tuple().addString(environment).addArrayOfString(ACTIVE)).map(DeploymentRepository::all);
  }

  /** How many deployments are active in {@code environment}; call it with the environment's row locked. */
  public Future<Integer> countActive(SqlClient tx, String environment) {
    return tx.preparedQuery("SELECT count(*) AS n FROM deployments WHERE environment = $1 AND status = ANY($2)")
        .execute(Tuple.tuple().addString(environment).addArrayOfString(ACTIVE))
        .map(rows -> rows.iterator().next().getInteger("n"));
  }

  /** Whether {@code version} of {@code workflow} was deployed successfully in {@code environment}. */
  public Future<Boolean> succeededIn(String environment, String workflow, String version) {
    return pool.preparedQuery("SELECT 1 FROM deployments WHERE environment = $1 AND workflow = $2 AND version = $3"
            + " AND status = 'succeeded' LIMIT 1")
        .execute(Tuple.of(environment, workflow, version)).map(rows -> rows.size() > 0);
  }

  /** The strategy {@code version} of {@code workflow} last succeeded with in {@code environment}. */
  public Future<Optional<Strategy>> succeededWith(String environment, String workflow, String version) {
    return pool.preparedQuery("SELECT strategy FROM deployments WHERE environment = $1 AND workflow = $2 AND version = $3"
            + " AND status = 'succeeded' ORDER BY finished_at DESC LIMIT 1")
        .execute(Tuple.of(environment, workflow, version))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(Strategy.fromJson(rows.iterator().next().getJsonObject("strategy"))));
  }

  /** The deployment active for {@code workflow} in {@code environment}, if any, locked until {@code tx} ends. */
  public Future<Optional<Deployment>> activeOf(SqlClient tx, String environment, String workflow) {
    return tx.preparedQuery(COLUMNS + " WHERE environment = $1 AND workflow = $2 AND status = ANY($3) FOR UPDATE")
        .execute(Tuple.tuple().addString(environment).addString(workflow).addArrayOfString(ACTIVE))
        .map(rows -> all(rows).stream().findFirst());
  }

  /** Every deployment active for {@code workflow} in {@code environment}, oldest first, locked until {@code tx} ends. */
  public Future<List<Deployment>> underWay(SqlClient tx, String environment, String workflow) {
    return tx.preparedQuery(COLUMNS + " WHERE environment = $1 AND workflow = $2 AND status = ANY($3)"
            + " ORDER BY created_at FOR UPDATE")
        .execute(Tuple.tuple().addString(environment).addString(workflow).addArrayOfString(ACTIVE))
        .compose(rows -> Future.all(all(rows).stream().map(d -> find(tx, d.id())).toList()))
        .map(found -> found.<Optional<Deployment>>list().stream().flatMap(Optional::stream).toList());
  }

  /**
   * Takes (or keeps) the lease on driving deployment {@code id} for {@code driver}, when no other
   * driver holds one that is still running: true when {@code driver} holds it now.
   */
  public Future<Boolean> lease(String id, String driver, long leaseMs) {
    return pool.preparedQuery("UPDATE deployments SET driver = $2, lease_until = now() + $3::bigint * interval '1 millisecond'"
            + " WHERE id = $1 AND (driver IS NULL OR driver = $2 OR lease_until IS NULL OR lease_until < now())")
        .execute(Tuple.of(UUID.fromString(id), driver, leaseMs)).map(rows -> rows.rowCount() == 1);
  }

  /** Extends every lease {@code driver} holds on a deployment still being driven. */
  public Future<Void> renewLeases(String driver, long leaseMs) {
    return pool.preparedQuery("UPDATE deployments SET lease_until = now() + $2::bigint * interval '1 millisecond'"
            + " WHERE driver = $1 AND status = ANY($3)")
        .execute(Tuple.tuple().addString(driver).addLong(leaseMs).addArrayOfString(ACTIVE)).mapEmpty();
  }

  /** The deployments a driver must carry on with whose lease is free or {@code driver}'s. */
  public Future<List<String>> drivable(String driver) {
    return pool.preparedQuery("SELECT id FROM deployments WHERE status IN ('in_progress', 'rolling_back')"
            + " AND (driver IS NULL OR driver = $1 OR lease_until IS NULL OR lease_until < now()) ORDER BY created_at")
        .execute(Tuple.of(driver)).map(DeploymentRepository::ids);
  }

  /** Moves a step from {@code from} to {@code to}, merging {@code detail}; false when it had moved already. */
  public Future<Boolean> moveStep(SqlClient tx, String id, int seq, Step.Status from, Step.Status to, JsonObject detail) {
    String times = to == Step.Status.RUNNING ? "started_at = now()" : "finished_at = now()";
    return tx.preparedQuery("UPDATE deployment_steps SET status = $4, detail = detail || $5, " + times
            + " WHERE deployment_id = $1 AND seq = $2 AND status = $3")
        .execute(Tuple.of(UUID.fromString(id), seq, from.wire(), to.wire(), detail))
        .map(rows -> rows.rowCount() == 1);
  }

  /**
   * Merges {@code detail} into a running step (what it did so far: the revision it wrote) when none
   * of its keys is noted yet; false when the step had moved on or another run noted them first (a
   * driver that lost its lease midway and the one that took over): the caller then undoes its work.
   */
  public Future<Boolean> noteStep(SqlClient tx, String id, int seq, JsonObject detail) {
    return tx.preparedQuery("UPDATE deployment_steps SET detail = detail || $3 WHERE deployment_id = $1 AND seq = $2"
            + " AND status = 'running' AND NOT detail ?| $4")
        .execute(Tuple.tuple().addUUID(UUID.fromString(id)).addInteger(seq).addJsonObject(detail)
            .addArrayOfString(detail.fieldNames().toArray(String[]::new)))
        .map(rows -> rows.rowCount() == 1);
  }

  /**
   * Notes why a running step still waits: {@code detail} merged into the step (its keys replaced),
   * and {@code message} as the deployment's, while it is in progress. No event: a wait that is
   * asked about again every second would flood the streams.
   */
  public Future<Void> noteWaiting(String id, int seq, JsonObject detail, String message) {
    return pool.withTransaction(tx -> tx.preparedQuery("UPDATE deployment_steps SET detail = detail || $3"
                + " WHERE deployment_id = $1 AND seq = $2 AND status = 'running'")
            .execute(Tuple.tuple().addUUID(UUID.fromString(id)).addInteger(seq).addJsonObject(detail))
            .compose(v -> tx.preparedQuery("UPDATE deployments SET message = $2 WHERE id = $1 AND status = 'in_progress'")
                .execute(Tuple.of(UUID.fromString(id), message))))
        .mapEmpty();
  }

  /**
   * Moves the deployment from {@code from} to {@code to}, noting {@code why} (also as its failure when
   * it is rolling back or ends badly), with what each status brings: a start sets
   * the deadline, a pause notes when, a resume pushes the deadline and the timed pauses back by the
   * time paused, a rollback records its target, a final status the end. False when it had moved already.
   */
  public Future<Boolean> move(SqlClient tx, String id, DeploymentStatus from, DeploymentStatus to,
      Optional<String> why, Optional<Rollback> rollback) {
    String set = switch (to) {
      case IN_PROGRESS -> from == DeploymentStatus.PAUSED
          ? "deadline_at = deadline_at + (now() - paused_at), paused_at = NULL"
          : "started_at = coalesce(started_at, now()), deadline_at = now() + deadline_ms * interval '1 millisecond'";
      case PAUSED -> "paused_at = now()";
      case ROLLING_BACK -> "rollback_target = $5, ends_as = $6, rollback_trigger = $7, paused_at = NULL";
      default -> to.active() ? "deadline_ms = deadline_ms" : "finished_at = now(), lease_until = NULL";
    };
    String failureSet = FAILING.contains(to) ? "failure = coalesce($4, failure), " : "";
    Future<RowSet<Row>> moved = tx.preparedQuery("UPDATE deployments SET status = $3, message = coalesce($4, message), " + failureSet
            + set + " WHERE id = $1 AND status = $2")
        .execute(to == DeploymentStatus.ROLLING_BACK
            ? Tuple.from(new Object[] {UUID.fromString(id), from.wire(), to.wire(), why.orElse(null),
                rollback.flatMap(Rollback::target).orElse(null), rollback.map(r -> r.endsAs().wire()).orElse(null),
                rollback.flatMap(Rollback::trigger).orElse(null)})
            : Tuple.of(UUID.fromString(id), from.wire(), to.wire(), why.orElse(null)));
    if (from == DeploymentStatus.PAUSED && to == DeploymentStatus.IN_PROGRESS) {
      moved = moved.compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(rows)
          : resumeTimedSteps(tx, id).map(rows));
    }
    return moved.map(rows -> rows.rowCount() == 1).recover(error -> Future.failedFuture(
        error instanceof PgException pg && "23505".equals(pg.getSqlState())
            ? Problem.conflict("another deployment of this workflow is under way in its environment; wait for it to end")
            : error));
  }

  /** A timed pause resumed counts only the time it was not paused: its {@code until} moves on by the pause. */
  private Future<Void> resumeTimedSteps(SqlClient tx, String id) {
    return tx.preparedQuery("UPDATE deployment_steps s SET detail = s.detail || jsonb_build_object('until',"
            + " (s.detail->>'until')::bigint + (extract(epoch FROM now() - d.paused_at) * 1000)::bigint)"
            + " FROM deployments d WHERE d.id = $1 AND s.deployment_id = d.id AND s.status = 'running'"
            + " AND s.detail ? 'until' AND d.paused_at IS NOT NULL")
        .execute(Tuple.of(UUID.fromString(id))).mapEmpty();
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

  private static List<Deployment> all(RowSet<Row> rows) {
    List<Deployment> all = new ArrayList<>();
    rows.forEach(row -> all.add(of(row, List.of())));
    return all;
  }

  private static List<String> ids(RowSet<Row> rows) {
    List<String> ids = new ArrayList<>();
    rows.forEach(row -> ids.add(row.getUUID("id").toString()));
    return ids;
  }

  private static Deployment of(Row row, List<Step> steps) {
    Optional<Rollback> rollback = Optional.ofNullable(row.getString("ends_as")).map(endsAs ->
        new Rollback(Optional.ofNullable(row.getString("rollback_target")), DeploymentStatus.fromWire(endsAs),
            Optional.ofNullable(row.getJsonObject("rollback_trigger"))));
    return new Deployment(row.getUUID("id").toString(), row.getString("workflow"), row.getString("version"),
        row.getString("environment"), Strategy.fromJson(row.getJsonObject("strategy")),
        DeploymentStatus.fromWire(row.getString("status")), Optional.ofNullable(row.getString("previous_version")),
        Optional.ofNullable(row.getString("reason")), Optional.ofNullable(row.getString("message")),
        Optional.ofNullable(row.getString("failure")),
        row.getString("created_by"), instant(row, "created_at").orElseThrow(), instant(row, "started_at"),
        instant(row, "finished_at"), new Timing(row.getLong("deadline_ms") == null ? 0 : row.getLong("deadline_ms"),
            instant(row, "deadline_at"), instant(row, "paused_at")), rollback, steps);
  }

  private static Optional<Instant> instant(Row row, String column) {
    return Optional.ofNullable(row.getOffsetDateTime(column)).map(OffsetDateTime::toInstant);
  }

}
