package io.axon.deploy.common.json;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Optional fields of a JSON body, where an explicit {@code null} means the same as leaving the field
 * out (Vert.x's own defaults apply only to absent keys). A value of the wrong type still fails with
 * a ClassCastException, which the bus answers with 400.
 */
public final class Fields {
  private Fields() {
  }

  public static String text(JsonObject body, String field, String fallback) {
    String value = body.getString(field);
    return value == null ? fallback : value;
  }

  public static JsonArray array(JsonObject body, String field) {
    JsonArray value = body.getJsonArray(field);
    return value == null ? new JsonArray() : value;
  }

  public static boolean flag(JsonObject body, String field) {
    return Boolean.TRUE.equals(body.getBoolean(field));
  }
}
