package io.axon.deploy.registry.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

/** The SQL of the audit trail. Appends run inside the transaction of the change they record. */
public final class AuditRepository {
  private static final String COLUMNS = "seq, id, at, actor, action, subject, request_id, details, prev_hash, hash";
  private static final int VERIFY_BATCH = 5_000;

  private final Pool pool;

  public AuditRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * Appends {@code entry} after the head of the chain. Locking the head row serialises appends, so
   * that each record chains to the one committed before it.
   */
  public Future<AuditRecord> append(SqlClient tx, AuditEntry entry) {
    return tx.query("SELECT seq, hash FROM audit_head FOR UPDATE").execute()
        .map(rows -> rows.iterator().next())
        .map(row -> AuditChain.next(new AuditChain.Head(row.getLong("seq"), row.getString("hash")),
            entry, UUID.randomUUID(), Instant.now()))
        .compose(record -> tx.preparedQuery("INSERT INTO audit_log (" + COLUMNS
                + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
            .execute(Tuple.from(Arrays.asList(record.seq(), record.id(), record.at().atOffset(ZoneOffset.UTC),
                entry.actor(), entry.action(), entry.subject(), entry.requestId(), entry.details(), record.prevHash(),
                record.hash())))
            .compose(v -> tx.preparedQuery("UPDATE audit_head SET seq = $1, hash = $2")
                .execute(Tuple.of(record.seq(), record.hash())))
            .map(record));
  }

  /** Records whose subject is {@code subject} or lies below it, oldest first, after {@code afterSeq}. */
  public Future<List<AuditRecord>> list(String subject, long afterSeq, int limit) {
    if (subject.isEmpty()) {
      return pool.preparedQuery("SELECT " + COLUMNS + " FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2")
          .execute(Tuple.of(afterSeq, limit))
          .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(AuditRepository::map).toList());
    }
    String below = subject.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "/%";
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM audit_log"
            + " WHERE (subject = $1 OR subject LIKE $2) AND seq > $3 ORDER BY seq LIMIT $4")
        .execute(Tuple.of(subject, below, afterSeq, limit))
        .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(AuditRepository::map).toList());
  }

  /** Reads the whole chain in batches and checks every link. */
  public Future<JsonObject> verify() {
    AuditChain.Verifier verifier = new AuditChain.Verifier();
    // one snapshot for the head and every record, whatever is appended meanwhile
    return pool.withTransaction(tx -> tx.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").execute()
        .compose(v -> tx.query("SELECT seq, hash FROM audit_head").execute())
        .map(rows -> rows.iterator().next())
        .compose(head -> verifyFrom(tx, verifier, 0)
            .map(v -> verifier.finish(new AuditChain.Head(head.getLong("seq"), head.getString("hash"))))));
  }

  private Future<Void> verifyFrom(SqlClient tx, AuditChain.Verifier verifier, long afterSeq) {
    return tx.preparedQuery("SELECT " + COLUMNS + " FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2")
        .execute(Tuple.of(afterSeq, VERIFY_BATCH))
        .compose(rows -> {
          long last = afterSeq;
          for (Row row : rows) {
            AuditRecord record = map(row);
            verifier.accept(record);
            last = record.seq();
          }
          return rows.size() < VERIFY_BATCH ? Future.succeededFuture() : verifyFrom(tx, verifier, last);
        });
  }

  private static AuditRecord map(Row row) {
    AuditEntry entry = new AuditEntry(row.getString("actor"), row.getString("action"), row.getString("subject"),
        row.getString("request_id"), row.getJsonObject("details"));
    return new AuditRecord(row.getLong("seq"), row.getUUID("id"), row.getOffsetDateTime("at").toInstant(),
        entry, row.getString("prev_hash"), row.getString("hash"));
  }
}
