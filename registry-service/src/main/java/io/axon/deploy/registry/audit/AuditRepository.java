package io.axon.deploy.registry.audit;

import io.axon.deploy.common.bus.Actor;
import io.axon.deploy.common.cpu.CpuPool;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.registry.audit.AuditChain.Head;
import io.axon.deploy.registry.audit.AuditChain.Keying;
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
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;

/** The SQL of the audit trail. Appends run inside the transaction of the change they record. */
public final class AuditRepository {
  private static final String COLUMNS =
      "seq, id, at, actor, actor_token, action, subject, request_id, details, service, entry_id, prev_hash, hash";
  private static final int VERIFY_BATCH = 5_000;
  /** How many records below the last verified head each verify re-checks. */
  static final int SCRUB_SLICE = 10_000;

  private final Pool pool;
  private final Keying keying;
  private final CpuPool cpu;

  private AuditRepository(Pool pool, Keying keying, CpuPool cpu) {
    this.pool = pool;
    this.keying = keying;
    this.cpu = cpu;
  }

  /**
   * The repository of this installation's chain under {@code key}. The first start records a check
   * of the key; a later start with another key is refused rather than appending links no one can verify.
   */
  public static Future<AuditRepository> open(Pool pool, AuditKey key, CpuPool cpu) {
    return pool.preparedQuery("UPDATE audit_genesis SET key_check = $1 WHERE key_check IS NULL").execute(Tuple.of(key.check()))
        .compose(v -> pool.query("SELECT genesis, keyed_from, key_check FROM audit_genesis").execute())
        .map(rows -> {
          Row row = rows.iterator().next();
          if (!key.check().equals(row.getString("key_check"))) {
            throw new IllegalStateException("the audit key is not the one this installation's audit chain was started with:"
                + " set AXON_AUDIT_KEY or AXON_AUDIT_KEY_FILE to the original key");
          }
          return new AuditRepository(pool, new Keying(key, row.getString("genesis"), row.getLong("keyed_from")), cpu);
        });
  }

  /**
   * Appends {@code entry} after the head of the chain, or returns the record already appended under
   * its id. Locking the head row serialises appends, so that each record chains to the one before.
   */
  public Future<AuditRecord> append(SqlClient tx, AuditEntry entry) {
    return tx.query("SELECT seq, hash FROM audit_head FOR UPDATE").execute()
        .map(rows -> rows.iterator().next())
        .compose(head -> tx.preparedQuery("SELECT " + COLUMNS + " FROM audit_log WHERE entry_id = $1")
            .execute(Tuple.of(entry.entryId()))
            .compose(existing -> existing.size() > 0
                ? sameRecord(map(existing.iterator().next()), entry)
                : insert(tx, AuditChain.next(keying, new Head(head.getLong("seq"), head.getString("hash")),
                    entry, UUID.randomUUID(), Instant.now()))));
  }

  /** The record already appended under an entry's id, when it says the same; a 422 when the id is reused for another. */
  private static Future<AuditRecord> sameRecord(AuditRecord earlier, AuditEntry entry) {
    AuditEntry kept = earlier.entry();
    boolean same = kept.service().equals(entry.service()) && kept.actor().equals(entry.actor())
        && kept.action().equals(entry.action()) && kept.subject().equals(entry.subject())
        && kept.details().equals(entry.details());
    return same ? Future.succeededFuture(earlier) : Future.failedFuture(Problem.unprocessable(
        "audit record id " + entry.entryId() + " was appended before with other content",
        java.util.List.of(new Problem.FieldError("/id", "already used for another record"))));
  }

  private Future<AuditRecord> insert(SqlClient tx, AuditRecord record) {
    AuditEntry entry = record.entry();
    return tx.preparedQuery("INSERT INTO audit_log (" + COLUMNS
            + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)")
        .execute(Tuple.from(Arrays.asList(record.seq(), record.id(), record.at().atOffset(ZoneOffset.UTC),
            entry.actor().user(), entry.actor().tokenId().orElse(null), entry.action(), entry.subject(),
            entry.requestId(), entry.details(), entry.service(), entry.entryId(), record.prevHash(), record.hash())))
        .compose(v -> tx.preparedQuery("UPDATE audit_head SET seq = $1, hash = $2")
            .execute(Tuple.of(record.seq(), record.hash())))
        .map(record);
  }

  /** Records whose subject is {@code subject} or lies below it, oldest first, after {@code afterSeq}. */
  public Future<List<AuditRecord>> list(String subject, long afterSeq, int limit) {
    if (subject.isEmpty()) {
      return pool.preparedQuery("SELECT " + COLUMNS + " FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2")
          .execute(Tuple.of(afterSeq, limit))
          .map(AuditRepository::records);
    }
    // below the subject: every text from "subject/" up to, not including, "subject0" ('0' follows '/')
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM audit_log WHERE (subject = $1"
            + " OR (subject COLLATE \"C\" >= $2 AND subject COLLATE \"C\" < $3)) AND seq > $4 ORDER BY seq LIMIT $5")
        .execute(Tuple.of(subject, subject + "/", subject + "0", afterSeq, limit))
        .map(AuditRepository::records);
  }

  public Future<Head> head() {
    return head(pool);
  }

  /**
   * Checks the chain from the newest sealed checkpoint (or from genesis when {@code full}, or when no
   * checkpoint holds) to the head, and whether a head the caller kept is still in the chain; seals
   * the head as a new checkpoint when all is well. From a checkpoint, it also counts the records
   * below it (a deleted one shows at once) and re-checks the next slice of them ({@link #SCRUB_SLICE}
   * records, round and round), so that an edit below the checkpoint is found within a bounded number
   * of verifies; {@code full} re-checks every record now.
   */
  public Future<JsonObject> verify(Optional<Head> kept, boolean full) {
    // one snapshot for the head and every record, whatever is appended meanwhile
    return pool.withTransaction(tx -> tx.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").execute()
        .compose(v -> Future.all(head(tx), full ? Future.succeededFuture(Optional.<Checkpoint>empty()) : checkpoint(tx)))
        .compose(both -> {
          Head head = both.resultAt(0);
          Optional<Checkpoint> checkpoint = both.resultAt(1);
          Head genesis = new Head(0, keying.keyedFrom() == 1 ? keying.genesis() : "genesis");
          boolean sealed = checkpoint.map(c -> c.mac().equals(keying.seal(c.head()))).orElse(false);
          Head start = sealed ? checkpoint.get().head() : genesis;
          AuditChain.Verifier verifier = new AuditChain.Verifier(keying, start);
          if (checkpoint.isPresent() && !sealed) {
            verifier.problem(checkpoint.get().head().seq(), "checkpoint " + checkpoint.get().head().seq()
                + " is not sealed by this installation's key; verified from genesis instead");
          }
          JsonObject scrubbed = new JsonObject();
          return startHolds(tx, verifier, start)
              .compose(v -> start.seq() == 0 ? Future.succeededFuture() : belowStart(tx, verifier, start, genesis, scrubbed))
              .compose(v -> walk(tx, verifier, start.seq()))
              .compose(v -> keptHead(tx, kept, head))
              .compose(keptVerdict -> {
                JsonObject verdict = verifier.finish(head).put("from", start.seq()).put("full", start.seq() == 0);
                if (!scrubbed.isEmpty()) {
                  verdict.put("scrubbed", scrubbed);
                }
                keptVerdict.ifPresent(k -> verdict.put("keptHead", k)
                    .put("valid", verdict.getBoolean("valid") && k.getBoolean("inChain")));
                return verdict.getBoolean("valid") && head.seq() > start.seq()
                    ? seal(tx, head).map(verdict) : Future.succeededFuture(verdict);
              });
        }));
  }

  private record Checkpoint(Head head, String mac) {
  }

  private static Future<Head> head(SqlClient client) {
    return client.query("SELECT seq, hash FROM audit_head").execute()
        .map(rows -> rows.iterator().next())
        .map(row -> new Head(row.getLong("seq"), row.getString("hash")));
  }

  private static Future<Optional<Checkpoint>> checkpoint(SqlClient tx) {
    return tx.query("SELECT seq, hash, mac FROM audit_checkpoints ORDER BY seq DESC LIMIT 1").execute()
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next())
            .map(row -> new Checkpoint(new Head(row.getLong("seq"), row.getString("hash")), row.getString("mac"))));
  }

  /** The record a checkpoint sealed must still be there with the hash it had. */
  private static Future<Void> startHolds(SqlClient tx, AuditChain.Verifier verifier, Head start) {
    if (start.seq() == 0) {
      return Future.succeededFuture();
    }
    return hashAt(tx, start.seq()).map(hash -> {
      if (!hash.equals(Optional.of(start.hash()))) {
        verifier.problem(start.seq(), "record " + start.seq() + " changed or vanished since it was verified");
      }
      return null;
    });
  }

  /** The stored hash of record {@code seq}, if it is there. */
  private static Future<Optional<String>> hashAt(SqlClient tx, long seq) {
    return tx.preparedQuery("SELECT hash FROM audit_log WHERE seq = $1").execute(Tuple.of(seq))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString("hash")));
  }

  private Future<Void> walk(SqlClient tx, AuditChain.Verifier verifier, long afterSeq) {
    return walk(tx, verifier, afterSeq, Long.MAX_VALUE);
  }

  /** Checks the records after {@code afterSeq} up to {@code upTo}, a batch at a time, the hashing on a worker. */
  private Future<Void> walk(SqlClient tx, AuditChain.Verifier verifier, long afterSeq, long upTo) {
    return tx.preparedQuery("SELECT " + COLUMNS + " FROM audit_log WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3")
        .execute(Tuple.of(afterSeq, upTo, VERIFY_BATCH))
        .compose(rows -> cpu.run(() -> {
          long last = afterSeq;
          for (Row row : rows) {
            AuditRecord record = map(row);
            verifier.accept(record);
            last = record.seq();
          }
          return last;
        }).compose(last -> rows.size() < VERIFY_BATCH ? Future.succeededFuture() : walk(tx, verifier, last, upTo)));
  }

  /**
   * Below a checkpoint: every record must still be there (a count), and the next slice of them is
   * re-checked; the scrub then moves on, back to the first record after the last.
   */
  private Future<Void> belowStart(SqlClient tx, AuditChain.Verifier verifier, Head start, Head genesis, JsonObject scrubbed) {
    Future<Void> counted = tx.preparedQuery("SELECT count(*) AS present FROM audit_log WHERE seq <= $1")
        .execute(Tuple.of(start.seq()))
        .map(rows -> {
          long present = rows.iterator().next().getLong("present");
          if (present != start.seq()) {
            verifier.problem(start.seq(), (start.seq() - present) + " record(s) at or below " + start.seq()
                + ", the last verified head, were deleted");
          }
          return null;
        });
    return counted.compose(v -> tx.query("SELECT next_seq FROM audit_scrub FOR UPDATE").execute())
        .map(rows -> rows.iterator().next().getLong("next_seq"))
        .compose(next -> {
          long from = next > start.seq() ? 1 : next;
          long to = Math.min(start.seq(), from + SCRUB_SLICE - 1);
          scrubbed.put("from", from).put("to", to);
          Future<Head> before = from == 1 ? Future.succeededFuture(genesis)
              : hashAt(tx, from - 1).map(hash -> new Head(from - 1, hash.orElse("missing")));
          return before.compose(sliceStart -> {
            AuditChain.Verifier slice = new AuditChain.Verifier(keying, sliceStart);
            return walk(tx, slice, from - 1, to).map(done -> {
              slice.finish(new Head(to, slice.lastHash()));
              slice.problems().forEach(p -> verifier.problem(p.getLong("seq"), p.getString("problem")));
              return null;
            });
          }).compose(v -> tx.preparedQuery("UPDATE audit_scrub SET next_seq = $1")
              .execute(Tuple.of(to >= start.seq() ? 1 : to + 1)).mapEmpty());
        });
  }

  private static Future<Optional<JsonObject>> keptHead(SqlClient tx, Optional<Head> kept, Head head) {
    if (kept.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    return hashAt(tx, kept.get().seq())
        .map(hash -> Optional.of(kept.get().toJson().put("inChain", hash.equals(Optional.of(kept.get().hash())))));
  }

  private Future<Void> seal(SqlClient tx, Head head) {
    return tx.preparedQuery("INSERT INTO audit_checkpoints (seq, hash, mac) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .execute(Tuple.of(head.seq(), head.hash(), keying.seal(head)))
        .mapEmpty();
  }

  private static List<AuditRecord> records(io.vertx.sqlclient.RowSet<Row> rows) {
    return StreamSupport.stream(rows.spliterator(), false).map(AuditRepository::map).toList();
  }

  private static AuditRecord map(Row row) {
    AuditEntry entry = new AuditEntry(row.getString("entry_id"), row.getString("service"),
        Actor.of(row.getString("actor"), row.getString("actor_token")), row.getString("action"), row.getString("subject"),
        row.getString("request_id"), row.getJsonObject("details"));
    return new AuditRecord(row.getLong("seq"), row.getUUID("id"), row.getOffsetDateTime("at").toInstant(),
        entry, row.getString("prev_hash"), row.getString("hash"));
  }
}
