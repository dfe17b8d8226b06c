package io.axon.deploy.common.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * Commands and replies change hands on the bus: the sender never touches a body once sent. Within a
 * process this codec hands the object over instead of deep-copying it, as Vert.x's JSON codec does
 * (a command may carry a 2 MiB definition, and copying it held an event loop for tens of
 * milliseconds); across the cluster it encodes as JSON like the default one.
 */
public final class HandOverCodec implements MessageCodec<JsonObject, JsonObject> {
  public static final String NAME = "axon.json.hand-over";

  /** Registers the codec on {@code bus}, once however many verticles ask. */
  public static synchronized void registerOn(EventBus bus) {
    try {
      bus.registerCodec(new HandOverCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // another verticle of this process registered it
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, JsonObject json) {
    Buffer encoded = json.toBuffer();
    buffer.appendInt(encoded.length()).appendBuffer(encoded);
  }

  @Override
  public JsonObject decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length));
  }

  @Override
  public JsonObject transform(JsonObject json) {
    return json;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
