package io.axon.deploy.engine.run;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/** Reads a dotted path ({@code nodes.enrich.output.items.0.sku}, or {@code items[0]}) out of JSON values. */
public final class JsonPaths {
  private JsonPaths() {
  }

  /** The value at {@code path} below {@code root}, or null when any step is missing. */
  public static Object get(Object root, String path) {
    Object current = root;
    for (String step : path.replace("[", ".").replace("]", "").split("\\.")) {
      if (step.isEmpty()) {
        continue;
      }
      current = step(current, step);
      if (current == null) {
        return null;
      }
    }
    return current;
  }

  private static Object step(Object value, String step) {
    if (value instanceof JsonObject object) {
      return object.getValue(step);
    }
    if (value instanceof Map<?, ?> map) {
      return JsonObject.of().put("v", map.get(step)).getValue("v");
    }
    List<?> list = value instanceof JsonArray array ? array.getList() : value instanceof List<?> l ? l : null;
    if (list == null || !step.chars().allMatch(Character::isDigit) || step.length() > 9) {
      return null;
    }
    int index = Integer.parseInt(step);
    return index < list.size() ? JsonObject.of().put("v", list.get(index)).getValue("v") : null;
  }
}
