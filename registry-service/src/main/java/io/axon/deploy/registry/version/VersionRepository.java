package io.axon.deploy.registry.version;

import io.axon.deploy.common.registry.VersionStatus;
import io.axon.deploy.common.cpu.CpuPool;
import io.axon.deploy.common.db.Database;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.common.semver.VersionRange;
import io.axon.deploy.registry.change.Changelog;
import io.axon.deploy.common.registry.Dependency;
import io.axon.deploy.registry.dependency.DependencyResolver.Candidate;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

/** The SQL of versions. Versions are found and ordered by their precedence key. */
public final class VersionRepository {
  // definitions travel as text and are parsed on a worker: one may be 2 MiB
  private static final String COLUMNS = "v.id, v.workflow_id, w.key, v.version, v.status, v.definition::text AS definition, v.digest, v.metadata,"
      + " v.dependencies, v.created_at, v.created_by, v.revision, v.node_types";
  private static final String FROM = " FROM versions v JOIN workflows w ON w.id = v.workflow_id";
  /** Precedence keys start with a digit, so this one sorts after all of them. */
  private static final String ABOVE_EVERY_KEY = "~";

  /** A version's number and status, enough to filter and order a list before loading the page. */
  public record Entry(long id, SemanticVersion version, VersionStatus status, String precedence) {
  }

  /** What a new version is made of. */
  public record NewVersion(long workflowId, String workflow, SemanticVersion version, JsonObject definition, String digest,
      JsonObject metadata, JsonArray dependencies, String createdBy) {
  }

  private final Pool pool;
  private final CpuPool cpu;

  public VersionRepository(Pool pool, CpuPool cpu) {
    this.pool = pool;
    this.cpu = cpu;
  }

  public Future<WorkflowVersion> insert(SqlClient tx, NewVersion v) {
    SemanticVersion version = v.version();
    return cpu.run(CpuPool.large(v.definition()), v.definition()::encode).compose(definition -> tx.preparedQuery("INSERT INTO versions"
            + " (workflow_id, version, precedence, major, minor, patch, prerelease,"
            + " status, definition, digest, metadata, dependencies, created_by)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8::text::jsonb, $9, $10, $11, $12) RETURNING id, created_at")
        .execute(Tuple.from(new ArrayList<>(Arrays.asList(v.workflowId(), version.toString(),
            version.precedenceKey(), version.major(), version.minor(), version.patch(),
            version.isPrerelease() ? String.join(".", version.prerelease()) : null,
            definition, v.digest(), v.metadata(), v.dependencies(), v.createdBy())))))
        .recover(failure -> failure instanceof PgException pg && Database.UNIQUE_VIOLATION.equals(pg.getSqlState())
            ? Future.failedFuture(Problem.conflict("version " + version.release()
                + (version.isPrerelease() ? "-" + String.join(".", version.prerelease()) : "") + " already exists"))
            : Future.failedFuture(failure))
        .map(rows -> rows.iterator().next())
        .map(row -> new WorkflowVersion(row.getLong("id"), v.workflowId(), v.workflow(), version, VersionStatus.DRAFT,
            v.definition(), v.digest(), v.metadata(), v.dependencies(), row.getOffsetDateTime("created_at").toInstant(),
            v.createdBy(), 1, Optional.empty()));
  }

  /** The highest version that is not a prerelease, whole. */
  public Future<Optional<WorkflowVersion>> highestReleaseVersion(SqlClient tx, long workflowId) {
    return tx.preparedQuery("SELECT " + COLUMNS + FROM + " WHERE v.workflow_id = $1 AND v.prerelease IS NULL"
            + " ORDER BY v.precedence DESC LIMIT 1")
        .execute(Tuple.of(workflowId))
        .compose(this::first);
  }

  /** The highest release below {@code release}: what a release line is checked against. */
  public Future<Optional<WorkflowVersion>> highestReleaseBelow(SqlClient tx, long workflowId, SemanticVersion release) {
    return tx.preparedQuery("SELECT " + COLUMNS + FROM + " WHERE v.workflow_id = $1 AND v.prerelease IS NULL"
            + " AND v.precedence < $2 ORDER BY v.precedence DESC LIMIT 1")
        .execute(Tuple.of(workflowId, release.precedenceKey()))
        .compose(this::first);
  }

  /** The prereleases of {@code release} that start with {@code tag}. */
  public Future<List<SemanticVersion>> prereleases(SqlClient tx, long workflowId, SemanticVersion release, String tag) {
    return tx.preparedQuery("SELECT version FROM versions WHERE workflow_id = $1 AND major = $2 AND minor = $3"
            + " AND patch = $4 AND prerelease LIKE $5")
        .execute(Tuple.of(workflowId, release.major(), release.minor(), release.patch(), tag + ".%"))
        .map(rows -> StreamSupport.stream(rows.spliterator(), false)
            .map(row -> SemanticVersion.parse(row.getString("version"))).toList());
  }

  /** The version just below {@code version} in precedence, if any. */
  public Future<Optional<WorkflowVersion>> highestBelow(SqlClient tx, long workflowId, SemanticVersion version) {
    return tx.preparedQuery("SELECT " + COLUMNS + FROM + " WHERE v.workflow_id = $1 AND v.precedence < $2"
            + " ORDER BY v.precedence DESC LIMIT 1")
        .execute(Tuple.of(workflowId, version.precedenceKey()))
        .compose(this::first);
  }

  public Future<Optional<WorkflowVersion>> find(SqlClient client, String workflow, SemanticVersion version) {
    return client.preparedQuery("SELECT " + COLUMNS + FROM + " WHERE w.key = $1 AND v.precedence = $2")
        .execute(Tuple.of(workflow, version.precedenceKey()))
        .compose(this::first);
  }

  public Future<Optional<WorkflowVersion>> find(String workflow, SemanticVersion version) {
    return find(pool, workflow, version);
  }

  /**
   * Up to {@code limit} versions of the workflow after {@code afterKey} in precedence order that lie
   * in one of {@code intervals} (and have {@code status}, if given). The intervals are a superset:
   * the caller checks each candidate against the range they came from.
   */
  public Future<List<Entry>> seek(long workflowId, Optional<VersionStatus> status, List<VersionRange.Interval> intervals,
      String afterKey, int limit) {
    StringBuilder sql = new StringBuilder("SELECT id, version, status, precedence FROM versions"
        + " WHERE workflow_id = $1 AND precedence > $2 AND ($3::text IS NULL OR status = $3) AND (");
    List<Object> params = new ArrayList<>(Arrays.asList(workflowId, afterKey, status.map(VersionStatus::wire).orElse(null)));
    for (int i = 0; i < intervals.size(); i++) {
      VersionRange.Interval interval = intervals.get(i);
      sql.append(i == 0 ? "" : " OR ").append("(precedence >= $").append(params.size() + 1)
          .append(" AND precedence <= $").append(params.size() + 2).append(')');
      params.add(interval.lowest().map(SemanticVersion::precedenceKey).orElse(""));
      params.add(interval.highest().map(SemanticVersion::precedenceKey).orElse(ABOVE_EVERY_KEY));
    }
    sql.append(") ORDER BY precedence LIMIT $").append(params.size() + 1);
    params.add(limit);
    return pool.preparedQuery(sql.toString()).execute(Tuple.from(params))
        .map(rows -> StreamSupport.stream(rows.spliterator(), false)
            .map(row -> new Entry(row.getLong("id"), SemanticVersion.parse(row.getString("version")),
                VersionStatus.fromWire(row.getString("status")), row.getString("precedence")))
            .toList());
  }

  /** Every version up to {@code upTo}, newest first, with its changelog entries. */
  public Future<List<Changelog.Release>> changelogUpTo(long workflowId, SemanticVersion upTo) {
    return pool.preparedQuery("SELECT version, created_at::date::text AS day, status, metadata -> 'changelog' AS entries"
            + " FROM versions WHERE workflow_id = $1 AND precedence <= $2 ORDER BY precedence DESC")
        .execute(Tuple.of(workflowId, upTo.precedenceKey()))
        .map(rows -> StreamSupport.stream(rows.spliterator(), false)
            .map(row -> new Changelog.Release(row.getString("version"), row.getString("day"),
                row.getString("status"), row.getJsonArray("entries") == null ? new JsonArray() : row.getJsonArray("entries")))
            .toList());
  }

  /** The published and deprecated versions of these workflows, with their dependencies, by workflow. */
  public Future<Map<String, List<Candidate>>> candidates(List<String> workflows) {
    return pool.preparedQuery("SELECT w.key, v.version, v.status, v.dependencies" + FROM
            + " WHERE w.key = ANY($1) AND v.status IN ('published', 'deprecated')")
        .execute(Tuple.of(workflows.toArray(String[]::new)))
        .map(rows -> {
          Map<String, List<Candidate>> byWorkflow = new HashMap<>();
          for (Row row : rows) {
            byWorkflow.computeIfAbsent(row.getString("key"), k -> new ArrayList<>())
                .add(new Candidate(SemanticVersion.parse(row.getString("version")),
                    VersionStatus.fromWire(row.getString("status")),
                    Dependency.fromJson(row.getJsonArray("dependencies"))));
          }
          return byWorkflow;
        });
  }

  /** The versions with these ids, in precedence order. */
  public Future<List<WorkflowVersion>> load(List<Long> ids) {
    return pool.preparedQuery("SELECT " + COLUMNS + FROM + " WHERE v.id = ANY($1) ORDER BY v.precedence")
        .execute(Tuple.of(ids.toArray(Long[]::new)))
        .compose(rows -> cpu.run(large(rows), () -> StreamSupport.stream(rows.spliterator(), false)
            .map(VersionRepository::map).toList()));
  }

  /** Replaces definition and metadata if the revision still is {@code revision}; a 412 when it is not. */
  public Future<WorkflowVersion> replaceDefinition(SqlClient tx, long id, int revision, JsonObject definition, String digest,
      JsonObject metadata) {
    return cpu.run(CpuPool.large(definition), definition::encode).compose(text -> tx.preparedQuery("UPDATE versions"
            + " SET definition = $1::text::jsonb, digest = $2, metadata = $3, revision = revision + 1,"
            + " updated_at = now() WHERE id = $4 AND revision = $5 AND status = 'draft' RETURNING id")
        .execute(Tuple.of(text, digest, metadata, id, revision)))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(new Problem(ProblemType.PRECONDITION_FAILED, "the version changed meanwhile; read it again").exception())
            : byId(tx, id));
  }

  public Future<WorkflowVersion> require(String workflow, SemanticVersion version) {
    return require(pool, workflow, version);
  }

  /** The version, or a 404 naming it. */
  public Future<WorkflowVersion> require(SqlClient client, String workflow, SemanticVersion version) {
    return find(client, workflow, version).map(found -> found.orElseThrow(() ->
        Problem.at(ProblemType.NOT_FOUND, "/version", "workflow " + workflow + " has no version " + version)));
  }

  /** Moves the version from {@code from} to {@code to}, pinning its node types the first time they are given. */
  public Future<WorkflowVersion> updateStatus(SqlClient tx, long id, VersionStatus from, VersionStatus to,
      Optional<JsonObject> pins) {
    return tx.preparedQuery("UPDATE versions SET status = $1, revision = revision + 1, updated_at = now(),"
            + " node_types = COALESCE(node_types, $4) WHERE id = $2 AND status = $3 RETURNING id")
        .execute(Tuple.of(to.wire(), id, from.wire(), pins.orElse(null)))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(Problem.conflict("the version changed status meanwhile; read it again"))
            : byId(tx, id));
  }

  private Future<WorkflowVersion> byId(SqlClient client, long id) {
    return client.preparedQuery("SELECT " + COLUMNS + FROM + " WHERE v.id = $1")
        .execute(Tuple.of(id))
        .compose(this::first)
        .map(Optional::orElseThrow);
  }

  private Future<Optional<WorkflowVersion>> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Future.succeededFuture(Optional.empty())
        : cpu.run(large(rows), () -> Optional.of(map(rows.iterator().next())));
  }

  /** Whether the definitions in these rows are worth parsing on a worker. */
  private static boolean large(RowSet<Row> rows) {
    long chars = 0;
    for (Row row : rows) {
      chars += row.getString("definition").length();
    }
    return CpuPool.largeText(chars);
  }

  private static WorkflowVersion map(Row row) {
    return new WorkflowVersion(row.getLong("id"), row.getLong("workflow_id"), row.getString("key"),
        SemanticVersion.parse(row.getString("version")), VersionStatus.fromWire(row.getString("status")),
        new JsonObject(row.getString("definition")), row.getString("digest"), row.getJsonObject("metadata"),
        row.getJsonArray("dependencies"), row.getOffsetDateTime("created_at").toInstant(),
        row.getString("created_by"), row.getInteger("revision"), Optional.ofNullable(row.getJsonObject("node_types")));
  }
}
