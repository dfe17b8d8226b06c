package io.axon.deploy.registry.change;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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

  static boolean same(Object a, Object b) {
    if (a == Change.ABSENT || b == Change.ABSENT) {
      return a == b;
    }
    if (a instanceof Number x && b instanceof Number y) {
      return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
    }
    return Objects.equals(a, b); // deep for JsonObject and JsonArray
  }
}
