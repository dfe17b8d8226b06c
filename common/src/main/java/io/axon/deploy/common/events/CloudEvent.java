package io.axon.deploy.common.events;

import io.axon.deploy.common.error.Problem;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event in its JSON format (DESIGN §4): what every service publishes on
 * {@code axon.events.<service>} and the gateway streams. {@code id} is unique per event, so that a
 * consumer drops the repeats an at-least-once relay may send.
 */
public record CloudEvent(String id, String source, String type, Instant time, String subject, JsonObject data) {
  public static final String SPEC_VERSION = "1.0";

  public static CloudEvent of(String service, String type, String subject, JsonObject data) {
    return new CloudEvent(UUID.randomUUID().toString(), "/axon/" + service, type, Instant.now(), subject, data);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("specversion", SPEC_VERSION)
        .put("id", id)
        .put("source", source)
        .put("type", type)
        .put("time", time.toString())
        .put("subject", subject)
        .put("datacontenttype", "application/json")
        .put("data", data);
  }

  public static CloudEvent fromJson(JsonObject json) {
    if (!SPEC_VERSION.equals(json.getString("specversion"))) {
      throw Problem.malformed("not a CloudEvents " + SPEC_VERSION + " event");
    }
    try {
      return new CloudEvent(json.getString("id"), json.getString("source"), json.getString("type"),
          Instant.parse(json.getString("time")), json.getString("subject"), json.getJsonObject("data"));
    } catch (DateTimeParseException | NullPointerException e) {
      throw Problem.malformed("a CloudEvent needs an RFC 3339 time");
    }
  }
}
