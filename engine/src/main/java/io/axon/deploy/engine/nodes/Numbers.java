package io.axon.deploy.engine.nodes;

/** Whole numbers out of node configs, which templates may have turned into strings. */
final class Numbers {
  private Numbers() {
  }

  static long whole(Object value, String field, long min, long max) {
    long parsed;
    if (value instanceof Number n && n.doubleValue() == n.longValue()) {
      parsed = n.longValue();
    } else if (value instanceof String s && s.trim().matches("\\d{1,12}")) {
      parsed = Long.parseLong(s.trim());
    } else {
      throw new NodeFailure(field + " must be a whole number, not " + value);
    }
    if (parsed < min || parsed > max) {
      throw new NodeFailure(field + " must be from " + min + " to " + max + ", not " + parsed);
    }
    return parsed;
  }
}
