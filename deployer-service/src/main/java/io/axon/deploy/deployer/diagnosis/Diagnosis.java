package io.axon.deploy.deployer.diagnosis;

import io.axon.deploy.deployer.deployment.Deployment;
import io.axon.deploy.deployer.deployment.DeploymentStatus;
import io.axon.deploy.deployer.deployment.EmergencyRollback;
import io.axon.deploy.deployer.deployment.Reasons;
import io.axon.deploy.deployer.fleet.Fleet;
import io.axon.deploy.deployer.deployment.Step;
import io.axon.deploy.deployer.strategy.StepKind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a deployment ended as it did, read from what it persisted: the rollback trigger that fired,
 * the step that failed and its error, the failure it noted. A pure function, so that every kind of
 * cause can be checked on deployments built by hand; the first cause that fits wins, most specific first.
 */
public final class Diagnosis {
  private static final Set<DeploymentStatus> ENDED_BADLY = Set.of(DeploymentStatus.FAILED, DeploymentStatus.ROLLED_BACK,
      DeploymentStatus.ABORTED, DeploymentStatus.SUPERSEDED, DeploymentStatus.ROLLING_BACK);
  private static final Set<StepKind> ROLLBACK_STEPS = Set.of(StepKind.RESTORE, StepKind.REVERT_BATCH);
  private static final Pattern QUOTED = Pattern.compile("'([^']+)'");
  private static final Pattern NODE = Pattern.compile("\"node\"\\s*:\\s*\"([^\"]+)\"");

  /** The cause's kind ({@code trigger_fired}, {@code smoke_test_failed}, ..., {@code none}) and a sentence saying it. */
  public record Cause(String kind, String summary) {
  }

  public record Finding(String deploymentId, String status, Cause cause, List<Map<String, Object>> evidence,
      List<String> nextActions) {
  }

  private Diagnosis() {
  }

  public static Finding of(Deployment deployment) {
    return ENDED_BADLY.contains(deployment.status()) ? badly(deployment) : fine(deployment);
  }

  private static Finding fine(Deployment d) {
    String summary = switch (d.status()) {
      case SUCCEEDED -> "deployment " + d.id() + " of " + d.workflow() + " " + d.version() + " succeeded: nothing went wrong";
      case PENDING_APPROVAL -> "deployment " + d.id() + " waits for its approval: nothing has gone wrong";
      case SCHEDULED -> "deployment " + d.id() + " waits for its deployment window: nothing has gone wrong";
      default -> "deployment " + d.id() + " is " + d.status().wire() + d.nextStep().map(s -> " at step " + s.seq() + " ("
          + s.name() + ")").orElse("") + ": nothing has gone wrong so far";
    };
    return new Finding(d.id(), d.status().wire(), new Cause("none", summary), List.of(), List.of());
  }

  private static Finding badly(Deployment d) {
    String failure = d.failure().or(d::message).orElse("");
    List<Map<String, Object>> evidence = new ArrayList<>();
    if (!failure.isEmpty()) {
      evidence.add(item("failure", "text", failure));
    }
    Optional<Step> failed = d.steps().stream().filter(s -> s.status() == Step.Status.FAILED).findFirst();
    failed.ifPresent(step -> evidence.add(step(step)));
    Optional<Map<String, Object>> trigger = d.rollback().flatMap(Deployment.Rollback::trigger).map(Diagnosis::plain);
    trigger.ifPresent(t -> evidence.add(0, item("trigger", "trigger", t)));
    Reading reading;
    if (failure.startsWith(EmergencyRollback.STOPPED)) {
      reading = Causes.emergency(d, failure.substring(EmergencyRollback.STOPPED.length()));
    } else if (d.status() == DeploymentStatus.SUPERSEDED) {
      reading = Causes.superseded(failure);
    } else if (trigger.isPresent()) {
      reading = Causes.trigger(d, trigger.get());
    } else if (d.status() == DeploymentStatus.ABORTED) {
      reading = Causes.aborted(d, failure);
    } else if (failed.filter(s -> ROLLBACK_STEPS.contains(s.kind())).isPresent()) {
      reading = Causes.rollbackFailed(d, failed.get());
    } else if (failed.isPresent()) {
      reading = stepFailed(d, failed.get());
    } else if (Reasons.deadlinePassed(failure)) {
      reading = Causes.deadline(d, failure);
    } else if (Reasons.rolledBackByHand(failure)) {
      reading = new Reading("manual_rollback", failure, List.of("deploy a fixed version when the reason for the"
          + " rollback is dealt with"));
    } else {
      reading = new Reading("unknown", failure.isEmpty() ? "deployment " + d.id() + " is " + d.status().wire()
          + " and recorded no reason" : failure, List.of("read the deployment's steps and events"));
    }
    return new Finding(d.id(), d.status().wire(), new Cause(reading.kind(), reading.summary()), evidence,
        reading.nextActions());
  }

  /** A cause read: its kind, its sentence, what to do next. */
  record Reading(String kind, String summary, List<String> nextActions) {
  }

  private static Reading stepFailed(Deployment d, Step step) {
    String error = step.detail().getString("error", "no error recorded");
    if (step.kind() == StepKind.HEALTH_CHECK) {
      return Causes.healthCheck(d, step, error);
    }
    if (step.kind() == StepKind.SMOKE_TESTS) {
      return Causes.smokeTests(d, error, first(QUOTED, error), first(NODE, error));
    }
    if (step.kind() == StepKind.ANALYSIS) {
      return new Reading("analysis_failed", "the canary analysis at step " + step.seq() + " failed: " + error,
          List.of("compare " + d.version() + " with " + d.previousVersion().orElse("its stable version")
              + " in the step's numbers, fix what made it worse and publish a patch"));
    }
    if ((step.kind() == StepKind.LOAD || step.kind() == StepKind.BATCH) && error.contains(Fleet.REFUSED + "load")) {
      return Causes.versionConflict(d, error);
    }
    return new Reading("step_failed", "step " + step.seq() + " (" + step.name() + ") failed: " + error,
        List.of("fix what step " + step.name() + " reports, then deploy again"));
  }

  private static Optional<String> first(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  private static Map<String, Object> step(Step step) {
    Map<String, Object> item = item("step", "seq", step.seq());
    item.put("name", step.name());
    item.put("status", step.status().wire());
    item.put("detail", plain(step.detail()));
    return item;
  }

  /** A JSON object as plain maps and lists, all the way down, for the causes to read without Vert.x types. */
  private static Map<String, Object> plain(JsonObject json) {
    Map<String, Object> map = new LinkedHashMap<>();
    json.forEach(entry -> map.put(entry.getKey(), plainValue(entry.getValue())));
    return map;
  }

  private static Object plainValue(Object value) {
    if (value instanceof JsonObject object) {
      return plain(object);
    }
    if (value instanceof JsonArray array) {
      return array.stream().map(Diagnosis::plainValue).toList();
    }
    return value;
  }

  static Map<String, Object> item(String type, String key, Object value) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("type", type);
    item.put(key, value);
    return item;
  }
}
