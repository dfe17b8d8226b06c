package io.axon.deploy.registry.audit;

import io.axon.deploy.common.json.CanonicalJson;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The hash chain of the audit trail: each record's hash is sha-256 over the previous hash and the
 * record's canonical JSON, so that editing, removing or reordering a record breaks the chain.
 */
public final class AuditChain {
  public static final String GENESIS = "genesis";

  /** The last link of the chain: the head every new record attaches to. */
  public record Head(long seq, String hash) {
  }

  private AuditChain() {
  }

  public static AuditRecord next(Head head, AuditEntry entry, UUID id, Instant now) {
    long seq = head.seq() + 1;
    Instant at = now.truncatedTo(ChronoUnit.MICROS); // what timestamptz keeps
    return new AuditRecord(seq, id, at, entry, head.hash(), hash(head.hash(), seq, id, at, entry));
  }

  /** What a record says, as it is hashed and as it is shown. */
  static JsonObject content(long seq, UUID id, Instant at, AuditEntry entry) {
    return new JsonObject()
        .put("seq", seq)
        .put("id", id.toString())
        .put("at", at.toString())
        .put("actor", entry.actor())
        .put("action", entry.action())
        .put("subject", entry.subject())
        .put("requestId", entry.requestId())
        .put("details", entry.details());
  }

  static String hash(String prevHash, long seq, UUID id, Instant at, AuditEntry entry) {
    return CanonicalJson.sha256Hex(prevHash + "\n" + CanonicalJson.write(content(seq, id, at, entry)));
  }

  /** Walks the records in {@code seq} order and reports every break in the chain. */
  public static final class Verifier {
    private final List<JsonObject> problems = new ArrayList<>();
    private long expectedSeq = 1;
    private String prevHash = GENESIS;
    private long records;

    public void accept(AuditRecord record) {
      records++;
      if (record.seq() != expectedSeq) {
        problem(record.seq(), "records " + expectedSeq + " to " + (record.seq() - 1) + " are missing");
      } else if (!record.prevHash().equals(prevHash)) {
        problem(record.seq(), "record " + record.seq() + " does not chain to the record before it");
      }
      String expected = hash(record.prevHash(), record.seq(), record.id(), record.at(), record.entry());
      if (!expected.equals(record.hash())) {
        problem(record.seq(), "record " + record.seq() + " was altered: its hash does not match its content");
      }
      expectedSeq = record.seq() + 1;
      prevHash = record.hash();
    }

    public JsonObject finish(Head head) {
      if (head.seq() != expectedSeq - 1) {
        problem(head.seq(), "records " + expectedSeq + " to " + head.seq() + " are missing");
      } else if (!head.hash().equals(prevHash)) {
        problem(head.seq(), "record " + head.seq() + " does not match the chain's head");
      }
      return new JsonObject()
          .put("valid", problems.isEmpty())
          .put("records", records)
          .put("head", new JsonObject().put("seq", head.seq()).put("hash", head.hash()))
          .put("problems", new JsonArray(problems));
    }

    private void problem(long seq, String what) {
      problems.add(new JsonObject().put("seq", seq).put("problem", what));
    }
  }
}
