package io.axon.deploy.deployer.approval;

import io.axon.deploy.deployer.approval.Approval.Action;
import io.axon.deploy.deployer.approval.Approval.Status;
import io.axon.deploy.deployer.approval.Approval.Vote;
import io.axon.deploy.common.db.Uuids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** The SQL of approvals and their votes. */
public final class ApprovalRepository {
  private static final String COLUMNS = "SELECT id, deployment_id, action, status, required, requested_by, details,"
      + " created_at, expires_at FROM approvals";
  private final Pool pool;

  public ApprovalRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<Approval> open(SqlClient tx, String deploymentId, Action action, int required, String requestedBy,
      JsonObject details, Instant expiresAt) {
    UUID id = UUID.randomUUID();
    return tx.preparedQuery("INSERT INTO approvals (id, deployment_id, action, status, required, requested_by, details,"
            + " expires_at) VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7)")
        .execute(Tuple.from(new Object[] {id, UUID.fromString(deploymentId), action.wire(), required, requestedBy, details,
            expiresAt.atOffset(ZoneOffset.UTC)}))
        .map(done -> new Approval(id.toString(), deploymentId, action, Status.PENDING, required, requestedBy, details,
            Instant.now(), expiresAt, List.of()));
  }

  /** The approval with its votes, locked until {@code tx} ends: votes are counted one at a time. */
  public Future<Optional<Approval>> lock(SqlClient tx, String id) {
    Optional<UUID> uuid = Uuids.parse(id);
    if (uuid.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    return tx.preparedQuery(COLUMNS + " WHERE id = $1 FOR UPDATE").execute(Tuple.of(uuid.get()))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture(Optional.<Approval>empty())
            : votes(tx, uuid.get()).map(votes -> Optional.of(of(rows.iterator().next(), votes))));
  }

  /** Records {@code voter}'s vote; false when they had voted already. */
  public Future<Boolean> vote(SqlClient tx, String id, String voter, boolean approve, Optional<String> comment) {
    return tx.preparedQuery("INSERT INTO approval_votes (approval_id, voter, verdict, comment) VALUES ($1, $2, $3, $4)"
            + " ON CONFLICT DO NOTHING")
        .execute(Tuple.of(UUID.fromString(id), voter, approve ? "approve" : "reject", comment.orElse(null)))
        .map(rows -> rows.rowCount() == 1);
  }

  public Future<Boolean> decide(SqlClient tx, String id, Status to) {
    return tx.preparedQuery("UPDATE approvals SET status = $2, decided_at = now() WHERE id = $1 AND status = 'pending'")
        .execute(Tuple.of(UUID.fromString(id), to.wire())).map(rows -> rows.rowCount() == 1);
  }

  /** Closes the open request of a deployment that ended without it (aborted). */
  public Future<Void> closeFor(SqlClient tx, String deploymentId) {
    return tx.preparedQuery("UPDATE approvals SET status = 'rejected', decided_at = now()"
            + " WHERE deployment_id = $1 AND status = 'pending'")
        .execute(Tuple.of(UUID.fromString(deploymentId))).mapEmpty();
  }

  /** A page of approvals, newest first, with their votes. */
  public Future<List<Approval>> list(Optional<Status> status, Optional<String> after, int limit) {
    return pool.preparedQuery(COLUMNS + " WHERE ($1::text IS NULL OR status = $1)"
            + " AND ($2::uuid IS NULL OR (created_at, id) < (SELECT created_at, id FROM approvals WHERE id = $2))"
            + " ORDER BY created_at DESC, id DESC LIMIT $3")
        .execute(Tuple.of(status.map(Status::wire).orElse(null), after.flatMap(Uuids::parse).orElse(null), limit))
        .compose(rows -> withVotes(rows));
  }

  /** The ids of the pending approvals past their expiry. */
  public Future<List<String>> expired(Instant now) {
    return pool.preparedQuery("SELECT id FROM approvals WHERE status = 'pending' AND expires_at < $1")
        .execute(Tuple.of(now.atOffset(ZoneOffset.UTC)))
        .map(rows -> {
          List<String> ids = new ArrayList<>();
          rows.forEach(row -> ids.add(row.getUUID("id").toString()));
          return ids;
        });
  }

  private Future<List<Approval>> withVotes(RowSet<Row> rows) {
    List<Future<Approval>> all = new ArrayList<>();
    rows.forEach(row -> all.add(votes(pool, row.getUUID("id")).map(votes -> of(row, votes))));
    return Future.all(all).map(done -> all.stream().map(Future::result).toList());
  }

  private static Future<List<Vote>> votes(SqlClient client, UUID id) {
    return client.preparedQuery("SELECT voter, verdict, comment, at FROM approval_votes WHERE approval_id = $1 ORDER BY at")
        .execute(Tuple.of(id))
        .map(rows -> {
          List<Vote> votes = new ArrayList<>();
          rows.forEach(row -> votes.add(new Vote(row.getString("voter"), "approve".equals(row.getString("verdict")),
              Optional.ofNullable(row.getString("comment")), row.getOffsetDateTime("at").toInstant())));
          return votes;
        });
  }

  private static Approval of(Row row, List<Vote> votes) {
    return new Approval(row.getUUID("id").toString(), row.getUUID("deployment_id").toString(),
        Action.valueOf(row.getString("action").toUpperCase(Locale.ROOT)),
        Status.fromWire(row.getString("status")).orElseThrow(), row.getInteger("required"), row.getString("requested_by"),
        row.getJsonObject("details"), row.getOffsetDateTime("created_at").toInstant(),
        row.getOffsetDateTime("expires_at").toInstant(), votes);
  }

}
