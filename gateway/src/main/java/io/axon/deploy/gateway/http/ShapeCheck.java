package io.axon.deploy.gateway.http;

import io.axon.deploy.common.error.Problem.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Checks a value against a (resolved) schema of the OpenAPI document and says what is wrong in plain
 * words, every problem at once, each at its JSON Pointer: the part of JSON Schema our document uses
 * (type, enum, required, properties, additionalProperties, items, lengths, bounds, uniqueness).
 * It explains refusals; the contract's own validator decides them.
 */
public final class ShapeCheck {
  private ShapeCheck() {
  }

  public static List<FieldError> errors(JsonObject schema, Object value, String at) {
    List<FieldError> errors = new ArrayList<>();
    check(schema, value, at, errors);
    return errors;
  }

  @SuppressWarnings("unchecked")
  private static void check(JsonObject schema, Object raw, String at, List<FieldError> errors) {
    Object value = raw instanceof java.util.Map<?, ?> map ? new JsonObject((java.util.Map<String, Object>) map)
        : raw instanceof List<?> list ? new JsonArray(list) : raw;
    List<String> types = types(schema);
    if (!types.isEmpty() && types.stream().noneMatch(type -> is(type, value))) {
      errors.add(new FieldError(at, "must be " + types.stream().map(ShapeCheck::article).collect(Collectors.joining(" or "))
          + ", not " + article(typeOf(value))));
      return;
    }
    if (schema.getValue("enum") instanceof JsonArray allowed && allowed.stream().noneMatch(option -> same(option, value))) {
      errors.add(new FieldError(at, "must be one of " + allowed.stream().map(String::valueOf).collect(Collectors.joining(", "))));
      return;
    }
    if (value instanceof String text) {
      int length = text.codePointCount(0, text.length());
      if (schema.getValue("minLength") instanceof Number min && length < min.intValue()) {
        errors.add(new FieldError(at, min.intValue() == 1 ? "must not be empty" : "must be at least " + min + " characters long"));
      }
      if (schema.getValue("maxLength") instanceof Number max && length > max.intValue()) {
        errors.add(new FieldError(at, "must be at most " + max + " characters long, not " + length));
      }
    } else if (value instanceof Number number) {
      BigDecimal actual = decimal(number);
      Number min = (Number) schema.getValue("minimum");
      Number max = (Number) schema.getValue("maximum");
      if ((min != null && actual.compareTo(decimal(min)) < 0) || (max != null && actual.compareTo(decimal(max)) > 0)) {
        errors.add(new FieldError(at, min != null && max != null ? "must be from " + min + " to " + max
            : min != null ? "must be at least " + min : "must be at most " + max));
      }
    } else if (value instanceof JsonArray array) {
      if (schema.getValue("minItems") instanceof Number min && array.size() < min.intValue()) {
        errors.add(new FieldError(at, "must hold at least " + min + (min.intValue() == 1 ? " item" : " items")));
      }
      if (schema.getValue("maxItems") instanceof Number max && array.size() > max.intValue()) {
        errors.add(new FieldError(at, "must hold at most " + max + " items"));
      }
      if (Boolean.TRUE.equals(schema.getValue("uniqueItems")) && new HashSet<>(array.getList()).size() < array.size()) {
        errors.add(new FieldError(at, "must not hold the same item twice"));
      }
      if (schema.getValue("items") instanceof JsonObject items) {
        for (int i = 0; i < array.size(); i++) {
          check(items, array.getValue(i), at + "/" + i, errors);
        }
      }
    } else if (value instanceof JsonObject object) {
      JsonObject properties = schema.getJsonObject("properties", new JsonObject());
      for (Object required : schema.getJsonArray("required", new JsonArray())) {
        if (!object.containsKey((String) required)) {
          errors.add(new FieldError(at + "/" + escape((String) required), "is required"));
        }
      }
      for (String name : object.fieldNames()) {
        String child = at + "/" + escape(name);
        if (properties.getValue(name) instanceof JsonObject property) {
          check(property, object.getValue(name), child, errors);
        } else if (Boolean.FALSE.equals(schema.getValue("additionalProperties"))) {
          errors.add(new FieldError(child, "is not a field here; the fields are " + String.join(", ", properties.fieldNames())));
        } else if (schema.getValue("additionalProperties") instanceof JsonObject others) {
          check(others, object.getValue(name), child, errors);
        }
      }
    }
  }

  private static List<String> types(JsonObject schema) {
    Object type = schema.getValue("type");
    if (type instanceof String one) {
      return List.of(one);
    }
    if (type instanceof JsonArray many) {
      return many.stream().map(String::valueOf).toList();
    }
    return List.of();
  }

  private static boolean is(String type, Object value) {
    return switch (type) {
      case "string" -> value instanceof String;
      case "boolean" -> value instanceof Boolean;
      case "object" -> value instanceof JsonObject;
      case "array" -> value instanceof JsonArray;
      case "null" -> value == null;
      case "number" -> value instanceof Number;
      case "integer" -> value instanceof Number number && isWhole(number);
      default -> true;
    };
  }

  private static boolean isWhole(Number number) {
    try {
      decimal(number).toBigIntegerExact();
      return true;
    } catch (ArithmeticException | NumberFormatException e) {
      return false;
    }
  }

  private static String typeOf(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String) {
      return "string";
    }
    if (value instanceof Boolean) {
      return "boolean";
    }
    if (value instanceof Number number) {
      return isWhole(number) ? "integer" : "number";
    }
    return value instanceof JsonArray ? "array" : "object";
  }

  private static String article(String type) {
    return switch (type) {
      case "integer" -> "a whole number";
      case "number" -> "a number";
      case "string" -> "a string";
      case "boolean" -> "true or false";
      case "object" -> "an object";
      case "array" -> "an array";
      case "null" -> "null";
      default -> type;
    };
  }

  private static boolean same(Object option, Object value) {
    if (option instanceof Number a && value instanceof Number b) {
      return decimal(a).compareTo(decimal(b)) == 0;
    }
    return option == null ? value == null : option.equals(value);
  }

  private static BigDecimal decimal(Number number) {
    if (number instanceof BigDecimal big) {
      return big;
    }
    if (number instanceof java.math.BigInteger big) {
      return new BigDecimal(big);
    }
    if (number instanceof Double || number instanceof Float) {
      double d = number.doubleValue();
      return Double.isFinite(d) ? BigDecimal.valueOf(d) : BigDecimal.valueOf(Math.copySign(Double.MAX_VALUE, d));
    }
    return BigDecimal.valueOf(number.longValue());
  }

  static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }
}
