package io.axon.deploy.registry.live;

import io.axon.deploy.common.registry.Dependency;
import io.axon.deploy.common.registry.VersionStatus;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.registry.dependency.DependencyResolver.Candidate;
import io.axon.deploy.registry.live.LiveTable.LiveVersion;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of live versions: the newest routing table revision seen per environment and workflow, and what it keeps loaded. */
public final class LiveVersionRepository {
  private final Pool pool;

  public LiveVersionRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * Records {@code table} when it is newer than the revision held, in one transaction; whether it
   * was. The revision's row is compare-and-set: of two revisions written side by side the newer
   * wins, whichever commits first.
   */
  public Future<Boolean> record(LiveTable table) {
    return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO routing_revisions (environment, workflow, revision)"
            + " VALUES ($1, $2, $3) ON CONFLICT (environment, workflow) DO UPDATE SET revision = EXCLUDED.revision,"
            + " observed_at = now() WHERE routing_revisions.revision < EXCLUDED.revision RETURNING revision")
        .execute(Tuple.of(table.environment(), table.workflow(), table.revision()))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture(false) : replace(tx, table).map(true)));
  }

  private static Future<Void> replace(SqlClient tx, LiveTable table) {
    Future<?> cleared = tx.preparedQuery("DELETE FROM live_versions WHERE environment = $1 AND workflow = $2")
        .execute(Tuple.of(table.environment(), table.workflow()));
    if (table.versions().isEmpty()) {
      return cleared.mapEmpty();
    }
    List<Tuple> rows = table.versions().stream().map(live -> Tuple.of(table.environment(), table.workflow(),
        live.version().toString(), live.version().precedenceKey(), live.weight().orElse(null), live.preview())).toList();
    return cleared.compose(v -> tx.preparedQuery("INSERT INTO live_versions"
            + " (environment, workflow, version, precedence, weight, preview) VALUES ($1, $2, $3, $4, $5, $6)")
        .executeBatch(rows)).mapEmpty();
  }

  /** The revision held of every table, by environment and then workflow. */
  public Future<Map<String, Map<String, Long>>> revisions() {
    return pool.query("SELECT environment, workflow, revision FROM routing_revisions").execute().map(rows -> {
      Map<String, Map<String, Long>> revisions = new HashMap<>();
      for (Row row : rows) {
        revisions.computeIfAbsent(row.getString("environment"), e -> new HashMap<>())
            .put(row.getString("workflow"), row.getLong("revision"));
      }
      return revisions;
    });
  }

  /** Where {@code version} of {@code workflow} is live, by environment name. */
  public Future<List<Placement>> placements(SqlClient client, String workflow, SemanticVersion version) {
    return client.preparedQuery("SELECT l.environment, r.revision, l.version, l.weight, l.preview FROM live_versions l"
            + " JOIN routing_revisions r USING (environment, workflow) WHERE l.workflow = $1 AND l.precedence = $2"
            + " ORDER BY l.environment")
        .execute(Tuple.of(workflow, version.precedenceKey()))
        .map(rows -> {
          List<Placement> placements = new ArrayList<>();
          for (Row row : rows) {
            placements.add(new Placement(row.getString("environment"), row.getLong("revision"),
                new LiveVersion(SemanticVersion.parse(row.getString("version")), Optional.ofNullable(row.getInteger("weight")),
                    row.getBoolean("preview"))));
          }
          return placements;
        });
  }

  /**
   * The versions of these workflows live in {@code environment}, with their status and
   * dependencies, by workflow: what dependencies resolve to there. A live version the registry
   * does not know (it never should) is left out.
   */
  public Future<Map<String, List<Candidate>>> candidates(String environment, List<String> workflows) {
    return pool.preparedQuery("SELECT w.key, v.version, v.status, v.dependencies FROM live_versions l"
            + " JOIN workflows w ON w.key = l.workflow JOIN versions v ON v.workflow_id = w.id AND v.precedence = l.precedence"
            + " WHERE l.environment = $1 AND l.workflow = ANY($2)")
        .execute(Tuple.tuple().addString(environment).addArrayOfString(workflows.toArray(String[]::new)))
        .map(rows -> {
          Map<String, List<Candidate>> byWorkflow = new HashMap<>();
          for (Row row : rows) {
            byWorkflow.computeIfAbsent(row.getString("key"), k -> new ArrayList<>())
                .add(new Candidate(SemanticVersion.parse(row.getString("version")), VersionStatus.fromWire(row.getString("status")),
                    Dependency.fromJson(row.getJsonArray("dependencies"))));
          }
          return byWorkflow;
        });
  }
}
