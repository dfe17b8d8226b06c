package io.axon.deploy.registry.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AuditChainTest {

  private static List<AuditRecord> chain(int length) {
    List<AuditRecord> records = new ArrayList<>();
    AuditChain.Head head = new AuditChain.Head(0, AuditChain.GENESIS);
    for (int i = 0; i < length; i++) {
      AuditRecord record = AuditChain.next(head, new AuditEntry("ada", "version.created", "workflows/w/versions/1." + i + ".0",
          "req-" + i, new JsonObject().put("n", i)), UUID.randomUUID(), Instant.parse("2026-01-01T00:00:00.123456789Z"));
      records.add(record);
      head = new AuditChain.Head(record.seq(), record.hash());
    }
    return records;
  }

  private static JsonObject verify(List<AuditRecord> records, AuditChain.Head head) {
    AuditChain.Verifier verifier = new AuditChain.Verifier();
    records.forEach(verifier::accept);
    return verifier.finish(head);
  }

  private static AuditChain.Head headOf(List<AuditRecord> records) {
    AuditRecord last = records.get(records.size() - 1);
    return new AuditChain.Head(last.seq(), last.hash());
  }

  @Test
  void anUntouchedChainVerifies() {
    List<AuditRecord> records = chain(5);
    assertThat(verify(records, headOf(records)).getBoolean("valid")).isTrue();
    assertThat(records.get(0).at()).as("kept to the microsecond, as PostgreSQL keeps it")
        .isEqualTo(Instant.parse("2026-01-01T00:00:00.123456Z"));
  }

  @Test
  void changingAnyFieldOfARecordIsDetected() {
    List<AuditRecord> records = chain(3);
    AuditRecord original = records.get(1);
    records.set(1, new AuditRecord(original.seq(), original.id(), original.at(),
        new AuditEntry("mallory", original.entry().action(), original.entry().subject(), original.entry().requestId(),
            original.entry().details()), original.prevHash(), original.hash()));
    JsonObject verdict = verify(records, headOf(records));
    assertThat(verdict.getBoolean("valid")).isFalse();
    assertThat(verdict.getJsonArray("problems").getJsonObject(0).getLong("seq")).isEqualTo(2);
  }

  @Test
  void removingOrSwappingRecordsIsDetected() {
    List<AuditRecord> records = chain(4);
    List<AuditRecord> gap = new ArrayList<>(records);
    gap.remove(1);
    assertThat(verify(gap, headOf(records)).getBoolean("valid")).isFalse();

    List<AuditRecord> truncated = records.subList(0, 3);
    assertThat(verify(truncated, headOf(records)).getBoolean("valid")).as("the head remembers the last record").isFalse();
  }
}
