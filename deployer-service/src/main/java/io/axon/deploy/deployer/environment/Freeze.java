package io.axon.deploy.deployer.environment;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;

/** A span in which nothing is deployed, windows or not: from {@code from} (inclusive) to {@code to} (exclusive). */
public record Freeze(Instant from, Instant to, Optional<String> reason) {
  /** Freezes are kept within these years, so that schedule arithmetic never leaves {@link Instant}'s range. */
  private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
  private static final int MAX_REASON = 500;

  public boolean contains(Instant instant) {
    return !instant.isBefore(from) && instant.isBefore(to);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("from", from.toString()).put("to", to.toString());
    reason.ifPresent(text -> json.put("reason", text));
    return json;
  }

  /** The freeze at {@code at}, every problem with it recorded; {@code null} when it has any. */
  static Freeze read(Object item, String at, Findings findings) {
    if (!(item instanceof JsonObject json)) {
      findings.malformed(at, "a freeze is {\"from\": \"2025-12-20T00:00:00Z\", \"to\": \"2026-01-05T00:00:00Z\", \"reason\": \"...\"}");
      return null;
    }
    int before = findings.size();
    findings.onlyFields(json, at, Set.of("from", "to", "reason"));
    Instant from = instant(findings.text(json, "from", at, true), at + "/from", findings);
    Instant to = instant(findings.text(json, "to", at, true), at + "/to", findings);
    if (from != null && to != null && !from.isBefore(to)) {
      findings.broken(at + "/to", "a freeze ends after it starts");
    }
    String reason = findings.text(json, "reason", at, false);
    if (reason != null && reason.length() > MAX_REASON) {
      findings.broken(at + "/reason", "a reason is at most " + MAX_REASON + " characters");
    }
    return findings.size() > before ? null : new Freeze(from, to, Optional.ofNullable(reason));
  }

  /** An RFC 3339 instant with its offset ("2025-12-20T00:00:00Z", "2025-12-20T01:00:00+01:00"). */
  private static Instant instant(String text, String at, Findings findings) {
    if (text == null) {
      return null;
    }
    try {
      Instant instant = OffsetDateTime.parse(text).toInstant();
      if (!instant.isBefore(EARLIEST) && !instant.isAfter(LATEST)) {
        return instant;
      }
      findings.broken(at, "must be between 1970 and 9999");
    } catch (DateTimeParseException e) {
      findings.broken(at, "'" + DeploymentWindow.shorten(text) + "' is not an instant such as 2025-12-20T00:00:00Z");
    }
    return null;
  }
}
