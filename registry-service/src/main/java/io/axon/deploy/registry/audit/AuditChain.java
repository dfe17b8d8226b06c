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
 * The chain of the audit trail: each record's hash is HMAC-SHA256, under the installation's key,
 * over the previous hash and the record's canonical JSON, from a random genesis. Editing, removing
 * or reordering a record breaks the chain, and without the key no one can forge a chain that holds.
 * Records older than the keyed chain ({@link Keying#keyedFrom}) were linked with plain sha-256.
 */
public final class AuditChain {

  /** The last link of the chain, as a user keeps it elsewhere: {@code <seq>:<hash>}. */
  public record Head(long seq, String hash) {
    public String token() {
      return seq + ":" + hash;
    }

    public JsonObject toJson() {
      return new JsonObject().put("seq", seq).put("hash", hash).put("head", token());
    }

    /** Parses {@code <seq>:<hash>}; null when it is not one. */
    public static Head parse(String token) {
      int colon = token.indexOf(':');
      try {
        return colon < 1 ? null : new Head(Long.parseLong(token.substring(0, colon)), token.substring(colon + 1));
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }

  /** How this installation's chain is keyed: the key, the genesis, and the first keyed record. */
  public record Keying(AuditKey key, String genesis, long keyedFrom) {
    String link(long seq, String prevHash, JsonObject content) {
      String text = prevHash + "\n" + CanonicalJson.write(content);
      return seq >= keyedFrom ? key.mac(text) : CanonicalJson.sha256Hex(text);
    }

    /** A verified head, sealed so that a database writer cannot move it. */
    String seal(Head head) {
      return key.mac("checkpoint\n" + head.token());
    }
  }

  private AuditChain() {
  }

  public static AuditRecord next(Keying keying, Head head, AuditEntry entry, UUID id, Instant now) {
    long seq = head.seq() + 1;
    Instant at = now.truncatedTo(ChronoUnit.MICROS); // what timestamptz keeps
    AuditRecord unlinked = new AuditRecord(seq, id, at, entry, head.hash(), null);
    return new AuditRecord(seq, id, at, entry, head.hash(), keying.link(seq, head.hash(), content(unlinked, true)));
  }

  /** What a record says, as it is linked and as it is shown; records before the keyed chain had fewer fields. */
  static JsonObject content(AuditRecord record, boolean keyed) {
    AuditEntry entry = record.entry();
    JsonObject content = new JsonObject()
        .put("seq", record.seq())
        .put("id", record.id().toString())
        .put("at", record.at().toString())
        .put("actor", entry.actor().user())
        .put("action", entry.action())
        .put("subject", entry.subject())
        .put("requestId", entry.requestId())
        .put("details", entry.details());
    if (keyed) {
      content.put("actorTokenId", entry.actor().tokenId().orElse(null))
          .put("service", entry.service())
          .put("entryId", entry.entryId());
    }
    return content;
  }

  static String expectedHash(Keying keying, AuditRecord record) {
    return keying.link(record.seq(), record.prevHash(), content(record, record.seq() >= keying.keyedFrom()));
  }

  /** Walks records in {@code seq} order from a trusted starting head and reports every break. */
  public static final class Verifier {
    private final Keying keying;
    private final List<JsonObject> problems = new ArrayList<>();
    private long expectedSeq;
    private String prevHash;
    private long checked;

    public Verifier(Keying keying, Head start) {
      this.keying = keying;
      this.expectedSeq = start.seq() + 1;
      this.prevHash = start.hash();
    }

    public void accept(AuditRecord record) {
      checked++;
      if (record.seq() != expectedSeq) {
        problem(record.seq(), "records " + expectedSeq + " to " + (record.seq() - 1) + " are missing");
      } else if (!record.prevHash().equals(prevHash)) {
        problem(record.seq(), "record " + record.seq() + " does not chain to the record before it");
      }
      if (!expectedHash(keying, record).equals(record.hash())) {
        problem(record.seq(), "record " + record.seq() + " was altered: its hash does not match its content under this installation's key");
      }
      expectedSeq = record.seq() + 1;
      prevHash = record.hash();
    }

    public void problem(long seq, String what) {
      problems.add(new JsonObject().put("seq", seq).put("problem", what));
    }

    public boolean valid() {
      return problems.isEmpty();
    }

    public List<JsonObject> problems() {
      return List.copyOf(problems);
    }

    /** The hash of the last record walked: where the next one must chain to. */
    public String lastHash() {
      return prevHash;
    }

    /** Checks the stored head against the chain walked; the verdict. */
    public JsonObject finish(Head head) {
      if (head.seq() != expectedSeq - 1) {
        problem(head.seq(), head.seq() > expectedSeq - 1
            ? "records " + expectedSeq + " to " + head.seq() + " are missing"
            : "the head says " + head.seq() + " records but the chain has " + (expectedSeq - 1));
      } else if (!head.hash().equals(prevHash)) {
        problem(head.seq(), "record " + head.seq() + " does not match the chain's head");
      }
      return new JsonObject()
          .put("valid", problems.isEmpty())
          .put("records", head.seq())
          .put("checked", checked)
          .put("head", head.toJson())
          .put("problems", new JsonArray(problems));
    }
  }
}
