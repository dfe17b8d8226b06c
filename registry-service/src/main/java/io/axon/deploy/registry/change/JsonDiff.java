package io.axon.deploy.registry.change;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The leaves where two JSON values differ: objects are compared key by key, anything else
 * (arrays included) as a whole. Numbers compare by value, so 1 and 1.0 are equal.
 */
final class JsonDiff {

  /** A value that differs at {@code path}; {@link Change#ABSENT} on the side that lacks it. */
  record Leaf(String path, Object before, Object after) {
  }

  private JsonDiff() {
  }

  static List<Leaf> diff(String path, Object before, Object after) {
    List<Leaf> leaves = new ArrayList<>();
    collect(path, before, after, leaves);
    return leaves;
  }

  private static void collect(String path, Object before, Object after, List<Leaf> leaves) {
    if (before instanceof JsonObject a && after instanceof JsonObject b) {
      TreeSet<String> keys = new TreeSet<>(a.fieldNames());
      keys.addAll(b.fieldNames());
      for (String key : keys) {
        collect(JsonPointer.append(path, key),
            a.containsKey(key) ? a.getValue(key) : Change.ABSENT,
            b.containsKey(key) ? b.getValue(key) : Change.ABSENT, leaves);
      }
    } else if (!same(before, after)) {
      leaves.add(new Leaf(path, before, after));
    }
  }

  /** Deep equality on the raw maps and lists, without the wrapping that {@code JsonObject.equals} does. */
  static boolean same(Object a, Object b) {
    if (a == b) {
      return true;
    }
    if (a == Change.ABSENT || b == Change.ABSENT || a == null || b == null) {
      return false;
    }
    a = raw(a);
    b = raw(b);
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (Map.Entry<?, ?> entry : x.entrySet()) {
        Object other = y.get(entry.getKey());
        if ((other == null && !y.containsKey(entry.getKey())) || !same(entry.getValue(), other)) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!same(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Number x && b instanceof Number y && a.getClass() != b.getClass()) {
      return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
    }
    return a.equals(b);
  }

  private static Object raw(Object value) {
    if (value instanceof JsonObject object) {
      return object.getMap();
    }
    return value instanceof io.vertx.core.json.JsonArray array ? array.getList() : value;
  }
}
