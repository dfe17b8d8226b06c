package io.axon.deploy.common.json;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A JSON value written one way only: keys sorted, no insignificant whitespace, numbers in their
 * shortest exact decimal form ({@code 1.0} and {@code 1} are the same number). Two documents that
 * mean the same thing have the same canonical text and so the same digest.
 */
public final class CanonicalJson {
  private CanonicalJson() {
  }

  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    append(out, value);
    return out.toString();
  }

  /** {@code sha256:<hex>} of the canonical text. */
  public static String digest(Object value) {
    return "sha256:" + sha256Hex(write(value));
  }

  public static String sha256Hex(String text) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static void append(StringBuilder out, Object value) {
    if (value instanceof JsonObject object) {
      appendObject(out, object.getMap());
    } else if (value instanceof Map<?, ?> map) {
      appendObject(out, map);
    } else if (value instanceof JsonArray array) {
      appendArray(out, array);
    } else if (value instanceof List<?> list) {
      appendArray(out, new JsonArray(new ArrayList<>(list)));
    } else if (value instanceof Number number) {
      out.append(number(number));
    } else if (value instanceof String || value instanceof Boolean || value == null) {
      out.append(Json.encode(value));
    } else {
      out.append(Json.encode(value.toString()));
    }
  }

  private static void appendObject(StringBuilder out, Map<?, ?> map) {
    TreeMap<String, Object> sorted = new TreeMap<>();
    map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, Object> entry : sorted.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      out.append(Json.encode(entry.getKey())).append(':');
      append(out, entry.getValue());
    }
    out.append('}');
  }

  private static void appendArray(StringBuilder out, JsonArray array) {
    out.append('[');
    for (int i = 0; i < array.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      append(out, array.getValue(i));
    }
    out.append(']');
  }

  private static String number(Number number) {
    BigDecimal decimal = new BigDecimal(number.toString()).stripTrailingZeros();
    return decimal.scale() <= 0 && decimal.precision() - decimal.scale() <= 21
        ? decimal.toBigIntegerExact().toString()
        : decimal.toString();
  }
}
