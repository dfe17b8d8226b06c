package io.axon.deploy.monitor.windows;

import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.monitor.MonitorCommands;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link MonitorCommands#METRICS_WINDOW} request, checked: {@code environment} and {@code workflow}
 * are required strings, {@code version} an optional string, {@code windowMs} an optional whole number
 * of milliseconds. A missing field or one of the wrong type is malformed (400, every such field
 * listed); a {@code windowMs} outside 1000 .. the retention breaks a rule (422).
 */
public record WindowQuery(String environment, String workflow, Optional<String> version, long windowMs) {

  public static WindowQuery from(JsonObject body, ExecutionWindows windows) {
    List<FieldError> malformed = new ArrayList<>();
    String environment = requiredText(body, "environment", malformed);
    String workflow = requiredText(body, "workflow", malformed);
    Object version = body.getValue("version");
    if (version != null && !(version instanceof String)) {
      malformed.add(new FieldError("/version", "version must be a string such as 1.2.0"));
    }
    Object window = body.getValue("windowMs");
    if (window != null && !isWholeNumber(window)) {
      malformed.add(new FieldError("/windowMs", "windowMs must be a whole number of milliseconds"));
    }
    if (!malformed.isEmpty()) {
      throw new Problem(ProblemType.MALFORMED, malformed.get(0).message(), malformed).exception();
    }
    long windowMs = window == null ? windows.defaultWindowMs() : ((Number) window).longValue();
    if (windowMs < ExecutionWindows.MIN_WINDOW_MS || windowMs > windows.retentionMs()) {
      throw Problem.at(ProblemType.UNPROCESSABLE, "/windowMs", "windowMs must be from " + ExecutionWindows.MIN_WINDOW_MS
          + " to " + windows.retentionMs() + " (the monitor keeps " + windows.retentionMs()
          + " ms of executions: AXON_MONITOR_RETENTION_MS), not " + window);
    }
    return new WindowQuery(environment, workflow, Optional.ofNullable((String) version), windowMs);
  }

  private static String requiredText(JsonObject body, String field, List<FieldError> malformed) {
    Object value = body.getValue(field);
    if (value instanceof String text && !text.isBlank()) {
      return text;
    }
    malformed.add(new FieldError("/" + field, value == null ? field + " is required" : field + " must be a non-empty string"));
    return null;
  }

  private static boolean isWholeNumber(Object value) {
    return value instanceof Integer || value instanceof Long
        || value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
            && Math.abs(number.doubleValue()) < 1e15;
  }
}
