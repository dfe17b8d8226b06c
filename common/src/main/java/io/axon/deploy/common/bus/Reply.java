package io.axon.deploy.common.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A service's answer to a command, with the HTTP meaning it has at the edge: a status, headers such
 * as {@code ETag} or {@code Location}, and a JSON body (none for 204). The gateway copies all three
 * and knows nothing of the command.
 */
public record Reply(int status, Map<String, String> headers, JsonObject body, Buffer encoded) {

  public Reply {
    headers = Map.copyOf(headers);
  }

  public Reply(int status, Map<String, String> headers, JsonObject body) {
    this(status, headers, body, null);
  }

  /**
   * The same reply with its body encoded now, for a caller on a worker: a version may carry a
   * 2 MiB definition, which then crosses the bus as bytes and leaves the gateway as they are,
   * instead of being copied and encoded on event loops.
   */
  public Reply encode() {
    return body == null ? this : new Reply(status, headers, null, body.toBuffer());
  }

  /** The body as JSON, whether it came encoded or not. */
  public JsonObject json() {
    return body != null ? body : encoded == null ? null : new JsonObject(encoded);
  }

  public static Reply ok(JsonObject body) {
    return new Reply(200, Map.of(), body);
  }

  public static Reply created(JsonObject body) {
    return new Reply(201, Map.of(), body);
  }

  public static Reply noContent() {
    return new Reply(204, Map.of(), null);
  }

  public Reply withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Reply(status, more, body, encoded);
  }

  public DeliveryOptions deliveryOptions() {
    DeliveryOptions options = new DeliveryOptions().addHeader(BusHeaders.STATUS, Integer.toString(status));
    if (encoded == null && body != null) {
      options.setCodecName(HandOverCodec.NAME);
    }
    headers.forEach((name, value) -> options.addHeader(BusHeaders.HTTP_PREFIX + name, value));
    return options;
  }

  public static Reply of(Message<Object> message) {
    String status = message.headers().get(BusHeaders.STATUS);
    Map<String, String> headers = new LinkedHashMap<>();
    message.headers().forEach(header -> {
      if (header.getKey().startsWith(BusHeaders.HTTP_PREFIX)) {
        headers.put(header.getKey().substring(BusHeaders.HTTP_PREFIX.length()), header.getValue());
      }
    });
    int code = status == null ? 200 : Integer.parseInt(status);
    return message.body() instanceof Buffer bytes ? new Reply(code, headers, null, bytes)
        : new Reply(code, headers, (JsonObject) message.body());
  }

  /** What goes on the bus as the reply's body. */
  public Object wireBody() {
    return encoded != null ? encoded : body;
  }

  /** As it is kept for an idempotent replay. */
  public JsonObject toJson() {
    return new JsonObject().put("status", status).put("headers", new JsonObject(new LinkedHashMap<>(headers)))
        .put("body", json());
  }

  public static Reply fromJson(JsonObject json) {
    Map<String, String> headers = new LinkedHashMap<>();
    json.getJsonObject("headers", new JsonObject()).forEach(e -> headers.put(e.getKey(), String.valueOf(e.getValue())));
    return new Reply(json.getInteger("status"), headers, json.getJsonObject("body"));
  }
}
