package io.axon.deploy.registry.change;

import java.util.ArrayList;
import java.util.List;

/** RFC 6901 pointers: tokens joined by {@code /}, with {@code ~} and {@code /} escaped. */
final class JsonPointer {
  private JsonPointer() {
  }

  static String append(String pointer, String token) {
    return pointer + "/" + token.replace("~", "~0").replace("/", "~1");
  }

  static List<String> tokens(String pointer) {
    List<String> tokens = new ArrayList<>();
    if (pointer.isEmpty()) {
      return tokens;
    }
    for (String raw : pointer.substring(1).split("/", -1)) {
      tokens.add(raw.replace("~1", "/").replace("~0", "~"));
    }
    return tokens;
  }
}
