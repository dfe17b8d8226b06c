package io.axon.deploy.deployer.strategy;

import io.axon.deploy.common.error.Problem.FieldError;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a strategy's parameters from a request, collecting every problem (with its JSON pointer
 * under {@code /strategy}) instead of stopping at the first; unknown fields are problems too, since a
 * misspelt {@code incrementIntervall} silently ignored would deploy with the default.
 */
final class StrategyParameters {
  static final long MAX_DURATION_MS = 7L * 24 * 3600 * 1000;

  private final JsonObject json;
  private final String path;
  private final List<FieldError> errors;

  StrategyParameters(JsonObject json, String path, List<FieldError> errors) {
    this.json = json;
    this.path = path;
    this.errors = errors;
  }

  static StrategyParameters of(JsonObject json) {
    return new StrategyParameters(json, "/strategy", new ArrayList<>());
  }

  List<FieldError> errors() {
    return errors;
  }

  void error(String field, String message) {
    errors.add(new FieldError(path + (field.isEmpty() ? "" : "/" + field), message));
  }

  void allowOnly(Set<String> fields) {
    json.fieldNames().stream().filter(name -> !fields.contains(name)).sorted()
        .forEach(name -> error(name, "unknown parameter; this strategy takes " + fields.stream().sorted().toList()));
  }

  boolean has(String field) {
    return json.getValue(field) != null;
  }

  int integer(String field, int fallback, int min, int max) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Integer number) || number < min || number > max) {
      error(field, field + " is a whole number from " + min + " to " + max);
      return fallback;
    }
    return number;
  }

  /** A duration in milliseconds, 0 to 7 days. */
  long millis(String field, long fallback) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0
        || ((Number) value).longValue() > MAX_DURATION_MS) {
      error(field, field + " is a duration in milliseconds, from 0 to " + MAX_DURATION_MS + " (7 days)");
      return fallback;
    }
    return ((Number) value).longValue();
  }

  double fraction(String field, double fallback) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Number number) || !(number.doubleValue() >= 0 && number.doubleValue() <= 1)) {
      error(field, field + " is a fraction from 0 to 1");
      return fallback;
    }
    return number.doubleValue();
  }

  boolean flag(String field, boolean fallback) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Boolean flag)) {
      error(field, field + " is true or false");
      return fallback;
    }
    return flag;
  }
}
