package io.axon.deploy.engine.run;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code {{ path }}} placeholders in node configs from a scope such as
 * {@code {"input": ..., "nodes": {"enrich": {"output": ...}}}}. A string that is exactly one
 * placeholder takes the value itself (a number stays a number, an object an object); placeholders
 * inside a longer string are replaced by their text, a missing value by nothing.
 */
public final class Templates {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.\\[\\]-]+)\\s*}}");

  private Templates() {
  }

  /** {@code value} with every placeholder filled; JSON objects and arrays are copied, never changed. */
  public static Object resolve(Object value, Object scope) {
    if (value instanceof String text) {
      return resolveString(text, scope);
    }
    if (value instanceof JsonObject object) {
      JsonObject resolved = new JsonObject();
      object.forEach(entry -> resolved.put(entry.getKey(), resolve(entry.getValue(), scope)));
      return resolved;
    }
    if (value instanceof JsonArray array) {
      JsonArray resolved = new JsonArray();
      array.forEach(item -> resolved.add(resolve(item, scope)));
      return resolved;
    }
    return value;
  }

  public static JsonObject resolveObject(JsonObject value, Object scope) {
    return (JsonObject) resolve(value, scope);
  }

  /** Whether {@code value} holds a placeholder anywhere. */
  public static boolean isTemplated(Object value) {
    if (value instanceof String text) {
      return text.contains("{{");
    }
    if (value instanceof JsonObject object) {
      return object.stream().anyMatch(entry -> isTemplated(entry.getValue()));
    }
    return value instanceof JsonArray array && array.stream().anyMatch(Templates::isTemplated);
  }

  private static Object resolveString(String text, Object scope) {
    if (!text.contains("{{")) {
      return text;
    }
    Matcher whole = PLACEHOLDER.matcher(text);
    if (whole.matches()) {
      return JsonPaths.get(scope, whole.group(1));
    }
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      Object found = JsonPaths.get(scope, matcher.group(1));
      matcher.appendReplacement(out, Matcher.quoteReplacement(found == null ? "" : textOf(found)));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  private static String textOf(Object value) {
    if (value instanceof JsonObject object) {
      return object.encode();
    }
    if (value instanceof JsonArray array) {
      return array.encode();
    }
    return String.valueOf(value);
  }
}
