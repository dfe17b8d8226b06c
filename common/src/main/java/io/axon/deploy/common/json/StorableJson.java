package io.axon.deploy.common.json;

import io.axon.deploy.common.error.Problem.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Legal JSON that PostgreSQL (and a canonical digest) cannot keep: the character U+0000 and
 * unpaired surrogates in strings or keys, and numbers too large for a double (which parse to
 * infinity). Each is reported with the JSON Pointer of where it sits.
 */
public final class StorableJson {
  private StorableJson() {
  }

  public static List<FieldError> problems(Object value) {
    List<FieldError> problems = new ArrayList<>();
    check(value, "", problems);
    return problems;
  }

  private static void check(Object value, String at, List<FieldError> problems) {
    if (value instanceof JsonObject object) {
      value = object.getMap();
    } else if (value instanceof JsonArray array) {
      value = array.getList();
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String key = String.valueOf(entry.getKey());
        String child = at + "/" + key.replace("~", "~0").replace("/", "~1");
        if (!storable(key)) {
          problems.add(new FieldError(child, "this name holds the character U+0000 or half of a surrogate pair, which cannot be stored"));
        }
        check(entry.getValue(), child, problems);
      }
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        check(list.get(i), at + "/" + i, problems);
      }
    } else if (value instanceof String text && !storable(text)) {
      problems.add(new FieldError(at, "the text holds the character U+0000 or half of a surrogate pair, which cannot be stored"));
    } else if ((value instanceof Double d && !Double.isFinite(d)) || (value instanceof Float f && !Float.isFinite(f))) {
      problems.add(new FieldError(at, "the number is too large; numbers must be within ±1.7976931348623157e308"));
    }
  }

  private static boolean storable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
