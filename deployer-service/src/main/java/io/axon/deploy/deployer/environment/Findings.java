package io.axon.deploy.deployer.environment;

import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.common.error.ProblemType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What is wrong with an environment as a caller sent it, every problem at its JSON Pointer: a wrong
 * shape (missing field, wrong JSON type, unknown field: 400) apart from a broken rule (a value out of
 * range, an unknown name: 422), as the gateway tells them apart. The typed reads record a problem and
 * return a fallback, so that one pass over a body finds everything wrong with it.
 */
final class Findings {
  private final List<FieldError> malformed = new ArrayList<>();
  private final List<FieldError> broken = new ArrayList<>();

  void malformed(String at, String message) {
    malformed.add(new FieldError(at, message));
  }

  void broken(String at, String message) {
    broken.add(new FieldError(at, message));
  }

  int size() {
    return malformed.size() + broken.size();
  }

  boolean clean() {
    return malformed.isEmpty() && broken.isEmpty();
  }

  List<FieldError> broken() {
    return List.copyOf(broken);
  }

  List<FieldError> all() {
    List<FieldError> all = new ArrayList<>(malformed);
    all.addAll(broken);
    return all;
  }

  /** Fails with every problem found: 400 when the shape is wrong (the broken rules listed too), else 422. */
  void throwIfAny(String what) {
    if (!malformed.isEmpty()) {
      throw new Problem(ProblemType.MALFORMED, what + " is malformed; errors lists each of its " + all().size()
          + " problem(s)", all()).exception();
    }
    if (!broken.isEmpty()) {
      throw Problem.unprocessable(what + " breaks " + broken.size() + " rule(s); errors lists each", broken);
    }
  }

  static String at(String parent, String field) {
    return parent + "/" + field.replace("~", "~0").replace("/", "~1");
  }

  /** An explicit {@code null} counts as absent. */
  private Object value(JsonObject parent, String field, String at, boolean required) {
    Object value = parent.getValue(field);
    if (value == null && required) {
      malformed(at(at, field), "is required");
    }
    return value;
  }

  JsonObject object(JsonObject parent, String field, String at, boolean required) {
    Object value = value(parent, field, at, required);
    if (value != null && !(value instanceof JsonObject)) {
      malformed(at(at, field), "must be an object");
    }
    return value instanceof JsonObject object ? object : null;
  }

  JsonArray array(JsonObject parent, String field, String at, boolean required) {
    Object value = value(parent, field, at, required);
    if (value != null && !(value instanceof JsonArray)) {
      malformed(at(at, field), "must be an array");
    }
    return value instanceof JsonArray array ? array : new JsonArray();
  }

  String text(JsonObject parent, String field, String at, boolean required) {
    Object value = value(parent, field, at, required);
    if (value != null && !(value instanceof String)) {
      malformed(at(at, field), "must be a string");
    }
    return value instanceof String text ? text : null;
  }

  /** An item of an array that must be a string; {@code null} when it is not. */
  String text(Object item, String at) {
    if (item instanceof String text) {
      return text;
    }
    malformed(at, "must be a string");
    return null;
  }

  boolean flag(JsonObject parent, String field, String at, boolean required, boolean fallback) {
    Object value = value(parent, field, at, required);
    if (value != null && !(value instanceof Boolean)) {
      malformed(at(at, field), "must be true or false");
    }
    return value instanceof Boolean flag ? flag : fallback;
  }

  /** A whole number from {@code min} to {@code max}; a fraction is malformed, a number out of range breaks a rule. */
  long whole(JsonObject parent, String field, String at, boolean required, long fallback, long min, long max, String unit) {
    Object value = value(parent, field, at, required);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Number number)) {
      malformed(at(at, field), "must be a whole number");
      return fallback;
    }
    BigInteger whole;
    try {
      whole = decimal(number).toBigIntegerExact();
    } catch (ArithmeticException e) {
      malformed(at(at, field), "must be a whole number");
      return fallback;
    }
    if (whole.compareTo(BigInteger.valueOf(min)) < 0 || whole.compareTo(BigInteger.valueOf(max)) > 0) {
      broken(at(at, field), "must be from " + min + " to " + max + unit);
      return fallback;
    }
    return whole.longValueExact();
  }

  /** A number from {@code min} to {@code max} (both finite). */
  double number(JsonObject parent, String field, String at, boolean required, double min, double max, String meaning) {
    Object value = value(parent, field, at, required);
    if (value == null) {
      return min;
    }
    if (!(value instanceof Number number)) {
      malformed(at(at, field), "must be a number");
      return min;
    }
    BigDecimal given = decimal(number);
    if (given.compareTo(BigDecimal.valueOf(min)) < 0 || given.compareTo(BigDecimal.valueOf(max)) > 0) {
      broken(at(at, field), "must be " + meaning);
      return min;
    }
    return given.doubleValue();
  }

  /** Names the fields of {@code object} that are not among {@code known}. */
  void onlyFields(JsonObject object, String at, Set<String> known) {
    for (String name : object.fieldNames()) {
      if (!known.contains(name)) {
        malformed(at(at, name), "is not a field here; the fields are " + String.join(", ", known.stream().sorted().toList()));
      }
    }
  }

  private static BigDecimal decimal(Number number) {
    if (number instanceof BigDecimal big) {
      return big;
    }
    if (number instanceof BigInteger big) {
      return new BigDecimal(big);
    }
    if (number instanceof Double || number instanceof Float) {
      double d = number.doubleValue();
      // infinities never get here (the dispatcher refuses them), but a NaN must not throw
      return Double.isFinite(d) ? BigDecimal.valueOf(d) : BigDecimal.valueOf(Double.MAX_VALUE);
    }
    return BigDecimal.valueOf(number.longValue());
  }
}
