package io.axon.deploy.deployer.diagnosis;

import io.axon.deploy.deployer.deployment.Deployment;
import io.axon.deploy.deployer.deployment.Reasons;
import io.axon.deploy.deployer.deployment.Step;
import io.axon.deploy.deployer.diagnosis.Diagnosis.Reading;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** One reading per kind of cause: the sentence that says it, with its numbers, and what to do next. */
final class Causes {

  private Causes() {
  }

  /** {@code by} is what follows {@link io.axon.deploy.deployer.deployment.EmergencyRollback#STOPPED}: "user (deployment id): reason". */
  static Reading emergency(Deployment d, String by) {
    String user = by.contains(" (") ? by.substring(0, by.indexOf(" (")) : by;
    String reason = by.contains("): ") ? by.substring(by.indexOf("): ") + 3) : "";
    String emergency = by.contains("(deployment ") ? by.substring(by.indexOf("(deployment ") + 12, by.indexOf(')',
        by.indexOf("(deployment "))) : "";
    return new Reading("emergency_rollback", "stopped by the emergency rollback of " + user
        + (reason.isEmpty() ? "" : ": " + reason),
        List.of("follow the emergency deployment " + emergency + " (GET /api/v1/deployments/" + emergency + ")",
            "fix " + d.workflow() + " " + d.version() + " and deploy it again once executions succeed"));
  }

  static Reading superseded(String failure) {
    return new Reading("superseded", failure.isEmpty() ? "superseded by a later deployment" : failure,
        List.of("follow the deployment that superseded it"));
  }

  static Reading aborted(Deployment d, String failure) {
    String who = Reasons.abortedBy(failure).orElse("someone");
    return new Reading("aborted", failure.isEmpty() ? "aborted" : failure,
        List.of("ask " + who + " why, if the reason is not enough", "deploy " + d.version() + " again when it is ready"));
  }

  /** The trigger's shape: {type, threshold, duration, minSamples, metric?, observed: {version, count, ...}, baseline?, pValue?, firedAt}. */
  static Reading trigger(Deployment d, Map<String, Object> trigger) {
    String type = String.valueOf(trigger.get("type"));
    Map<?, ?> observed = trigger.get("observed") instanceof Map<?, ?> map ? map : Map.of();
    String version = String.valueOf(observed.get("version") == null ? d.version() : observed.get("version"));
    String numbers = observed.entrySet().stream().filter(e -> !"version".equals(e.getKey()))
        .map(e -> e.getKey() + " " + number(e.getValue())).collect(Collectors.joining(", "));
    StringBuilder summary = new StringBuilder("the " + type + " trigger fired");
    Optional.ofNullable(trigger.get("firedAt")).ifPresent(at -> summary.append(" at ").append(at));
    summary.append(": ").append(version).append(" had ").append(numbers.isEmpty() ? "no numbers recorded" : numbers)
        .append(", against a threshold of ").append(number(trigger.get("threshold")));
    Optional.ofNullable(trigger.get("metric")).ifPresent(m -> summary.append(" (").append(m).append(')'));
    Optional.ofNullable(trigger.get("duration")).ifPresent(ms -> summary.append(" over ").append(number(ms)).append(" ms"));
    Optional.ofNullable(trigger.get("minSamples")).ifPresent(n -> summary.append(", at least ").append(number(n))
        .append(" samples"));
    if (trigger.get("baseline") instanceof Map<?, ?> baseline && !baseline.isEmpty()) {
      summary.append("; the baseline had ").append(baseline.entrySet().stream()
          .map(e -> e.getKey() + " " + number(e.getValue())).collect(Collectors.joining(", ")));
    }
    Optional.ofNullable(trigger.get("pValue")).ifPresent(p -> summary.append(" (p-value ").append(number(p)).append(')'));
    List<String> next = new ArrayList<>();
    switch (type) {
      case "error_rate" -> next.add("find the failing node of " + version + " in its executions' errors, fix it and"
          + " publish a patch");
      case "response_time" -> next.add("find what made " + version + " slower, fix it and publish a patch");
      case "health_check" -> next.add("check the health of the engine instances that hosted " + version
          + " (GET /api/v1/environments/" + d.environment() + "/instances)");
      default -> next.add("check the custom metric " + trigger.getOrDefault("metric", "") + " and what moved it");
    }
    next.add("if the trigger is too strict for this workflow, raise its threshold (" + number(trigger.get("threshold"))
        + ") in the " + d.environment() + " environment's rollbackPolicy");
    return new Reading("trigger_fired", summary.toString(), next);
  }

  static Reading rollbackFailed(Deployment d, Step step) {
    return new Reading("rollback_failed", "its rollback failed at step " + step.seq() + " (" + step.name() + "): "
        + step.detail().getString("error", "no error recorded"),
        List.of("check the routing of " + d.workflow() + " in " + d.environment() + " (GET /api/v1/environments/"
            + d.environment() + "/workflows/" + d.workflow() + "/routing)",
            "use an emergency rollback to send all traffic to a stable version"));
  }

  static Reading healthCheck(Deployment d, Step step, String error) {
    Object timeout = step.detail().getValue("timeout");
    return new Reading("health_check_failed", "the health check of " + d.version() + " failed: " + error,
        List.of("check the engine instances' health (GET /api/v1/environments/" + d.environment() + "/instances)",
            timeout == null ? "raise healthCheckTimeout" : "raise healthCheckTimeout above " + number(timeout) + " ms"));
  }

  static Reading smokeTests(Deployment d, String error, Optional<String> test, Optional<String> node) {
    String what = error.startsWith("smoke tests failed: ") ? error.substring("smoke tests failed: ".length()) : error;
    List<String> next = new ArrayList<>();
    node.ifPresent(n -> next.add("fix node `" + n + "` of " + d.version() + " and publish a patch"));
    next.add(test.map(t -> "make smoke test '" + t + "' pass").orElse("make the smoke tests pass")
        + " (run it against the version locally), then publish a patch");
    return new Reading("smoke_test_failed", test.map(t -> "smoke test '" + t + "' failed: ").orElse("smoke tests failed: ")
        + what, next);
  }

  static Reading versionConflict(Deployment d, String error) {
    return new Reading("version_conflict", "an engine refused " + d.workflow() + " " + d.version() + ": " + error,
        List.of("check the engines' node types (GET /api/v1/environments/" + d.environment() + "/instances)",
            "check the version's dependencies there (GET /api/v1/workflows/" + d.workflow() + "/versions/" + d.version()
                + "/dependencies?environment=" + d.environment() + ")",
            "migrate the definition to node type versions the engines offer, or upgrade the engines"));
  }

  static Reading deadline(Deployment d, String failure) {
    return new Reading("progress_deadline", failure, List.of("raise the strategy's maxDuration (or the environment's"
        + " progress deadline) above " + d.timing().deadlineMs() + " ms", "promote its pauses sooner"));
  }

  /** A number as people read it: whole numbers without a point, others to four significant digits. */
  static String number(Object value) {
    if (value instanceof Double || value instanceof Float) {
      return new BigDecimal(((Number) value).doubleValue()).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
    return String.valueOf(value);
  }
}
