package io.axon.deploy.common.error;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** An RFC 9457 problem: what went wrong and, for validation, every offending field. */
public record Problem(ProblemType type, String detail, List<FieldError> errors) {

  public record FieldError(String path, String message) {
    public JsonObject toJson() {
      return new JsonObject().put("path", path).put("message", message);
    }

    static FieldError fromJson(JsonObject json) {
      return new FieldError(json.getString("path"), json.getString("message"));
    }
  }

  public Problem {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  public Problem(ProblemType type, String detail) {
    this(type, detail, List.of());
  }

  public int status() {
    return type.status();
  }

  public ProblemException exception() {
    return new ProblemException(this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("type", type.uri())
        .put("title", type.title())
        .put("status", type.status())
        .put("detail", detail);
    if (!errors.isEmpty()) {
      json.put("errors", new JsonArray(errors.stream().map(FieldError::toJson).toList()));
    }
    return json;
  }

  public static Problem fromJson(JsonObject json) {
    JsonArray errors = json.getJsonArray("errors", new JsonArray());
    return new Problem(
        ProblemType.ofStatus(json.getInteger("status", 500)),
        json.getString("detail"),
        errors.stream().map(e -> FieldError.fromJson((JsonObject) e)).toList());
  }

  /** A problem with one offending field: {@code path} is a JSON Pointer into the command's body. */
  public static ProblemException at(ProblemType type, String path, String message) {
    return new Problem(type, message, List.of(new FieldError(path, message))).exception();
  }

  public static ProblemException notFound(String detail) {
    return new Problem(ProblemType.NOT_FOUND, detail).exception();
  }

  public static ProblemException conflict(String detail) {
    return new Problem(ProblemType.CONFLICT, detail).exception();
  }

  public static ProblemException malformed(String detail) {
    return new Problem(ProblemType.MALFORMED, detail).exception();
  }

  public static ProblemException unprocessable(String detail, List<FieldError> errors) {
    return new Problem(ProblemType.UNPROCESSABLE, detail, errors).exception();
  }
}
