package io.axon.deploy.registry.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.bus.Actor;
import io.axon.deploy.common.json.CanonicalJson;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AuditChainTest {
  private static final AuditChain.Keying KEYING = keying("installation-key-0123456789");

  private static AuditChain.Keying keying(String key) {
    return new AuditChain.Keying(AuditKey.of(key.getBytes(StandardCharsets.UTF_8)), "f00d".repeat(16), 1);
  }

  private static AuditEntry entry(String user, int i) {
    return new AuditEntry("e-" + i, "registry", Actor.of(user, "token-" + user), "version.created",
        "workflows/w/versions/1." + i + ".0", "req-" + i, new JsonObject().put("n", i));
  }

  private static List<AuditRecord> chain(AuditChain.Keying keying, int length) {
    List<AuditRecord> records = new ArrayList<>();
    AuditChain.Head head = new AuditChain.Head(0, keying.genesis());
    for (int i = 0; i < length; i++) {
      AuditRecord record = AuditChain.next(keying, head, entry("ada", i), UUID.randomUUID(),
          Instant.parse("2026-01-01T00:00:00.123456789Z"));
      records.add(record);
      head = new AuditChain.Head(record.seq(), record.hash());
    }
    return records;
  }

  private static JsonObject verify(List<AuditRecord> records, AuditChain.Head head) {
    AuditChain.Verifier verifier = new AuditChain.Verifier(KEYING, new AuditChain.Head(0, KEYING.genesis()));
    records.forEach(verifier::accept);
    return verifier.finish(head);
  }

  private static AuditChain.Head headOf(List<AuditRecord> records) {
    AuditRecord last = records.get(records.size() - 1);
    return new AuditChain.Head(last.seq(), last.hash());
  }

  @Test
  void anUntouchedChainVerifies() {
    List<AuditRecord> records = chain(KEYING, 5);
    assertThat(verify(records, headOf(records)).getBoolean("valid")).isTrue();
    assertThat(records.get(0).at()).as("kept to the microsecond, as PostgreSQL keeps it")
        .isEqualTo(Instant.parse("2026-01-01T00:00:00.123456Z"));
    assertThat(records.get(0).prevHash()).as("the first record chains to the installation's genesis").isEqualTo(KEYING.genesis());
  }

  @Test
  void changingAnyFieldOfARecordIsDetected() {
    List<AuditRecord> records = chain(KEYING, 3);
    AuditRecord original = records.get(1);
    AuditEntry entry = original.entry();
    records.set(1, new AuditRecord(original.seq(), original.id(), original.at(),
        new AuditEntry(entry.entryId(), entry.service(), Actor.of("mallory", null), entry.action(), entry.subject(),
            entry.requestId(), entry.details()), original.prevHash(), original.hash()));
    JsonObject verdict = verify(records, headOf(records));
    assertThat(verdict.getBoolean("valid")).isFalse();
    assertThat(verdict.getJsonArray("problems").getJsonObject(0).getLong("seq")).isEqualTo(2);
  }

  @Test
  void aChainRecomputedWithoutTheKeyDoesNotVerify() {
    List<AuditRecord> forged = new ArrayList<>();
    String prev = KEYING.genesis();
    for (AuditRecord record : chain(KEYING, 3)) { // plain sha-256, as anyone with the database could compute
      String hash = CanonicalJson.sha256Hex(prev + "\n" + CanonicalJson.write(AuditChain.content(record, true)));
      forged.add(new AuditRecord(record.seq(), record.id(), record.at(), record.entry(), prev, hash));
      prev = hash;
    }
    assertThat(verify(forged, headOf(forged)).getBoolean("valid")).isFalse();

    List<AuditRecord> otherKey = chain(keying("someone-else's-key-9876543210"), 3);
    assertThat(verify(otherKey, headOf(otherKey)).getBoolean("valid")).as("a chain made under another key").isFalse();
  }

  @Test
  void removingOrSwappingRecordsIsDetected() {
    List<AuditRecord> records = chain(KEYING, 4);
    List<AuditRecord> gap = new ArrayList<>(records);
    gap.remove(1);
    assertThat(verify(gap, headOf(records)).getBoolean("valid")).isFalse();

    List<AuditRecord> truncated = records.subList(0, 3);
    assertThat(verify(truncated, headOf(records)).getBoolean("valid")).as("the head remembers the last record").isFalse();
  }

  @Test
  void aHeadIsKeptAsSeqColonHash() {
    AuditChain.Head head = new AuditChain.Head(42, "ab12");
    assertThat(AuditChain.Head.parse(head.token())).isEqualTo(head);
    assertThat(AuditChain.Head.parse("nonsense")).isNull();
    assertThat(AuditChain.Head.parse("x:ab")).isNull();
  }
}
