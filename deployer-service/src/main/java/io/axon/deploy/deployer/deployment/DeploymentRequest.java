package io.axon.deploy.deployer.deployment;

import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.semver.InvalidVersionException;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.deployer.strategy.Strategy;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/** A request for a deployment, checked for shape before anything is read. */
public record DeploymentRequest(String environment, String workflow, SemanticVersion version, Strategy strategy,
    Optional<String> reason, boolean supersede, boolean promotion) {
  static final int MAX_REASON = 2_000;

  public static DeploymentRequest of(JsonObject body) {
    String environment = text(body, "environment", true);
    String workflow = text(body, "workflow", true);
    String version = text(body, "version", true);
    String reason = text(body, "reason", false);
    if (reason != null && reason.length() > MAX_REASON) {
      throw Problem.at(ProblemType.UNPROCESSABLE, "/reason", "a reason is at most " + MAX_REASON + " characters");
    }
    Object supersede = body.getValue("supersede");
    if (supersede != null && !(supersede instanceof Boolean)) {
      throw Problem.at(ProblemType.MALFORMED, "/supersede", "supersede is true or false");
    }
    SemanticVersion parsed;
    try {
      parsed = SemanticVersion.parse(version);
    } catch (InvalidVersionException e) {
      throw Problem.at(ProblemType.UNPROCESSABLE, "/version", e.getMessage());
    }
    return new DeploymentRequest(environment, workflow, parsed, Strategy.fromRequest(body.getValue("strategy")),
        Optional.ofNullable(reason), Boolean.TRUE.equals(supersede), false);
  }

  /**
   * A promotion (DESIGN §3: {@code {workflow, version, from, to, strategy?}}): a deployment into
   * {@code to}, with the strategy asked for or else {@code fallback} (the one the version succeeded with in {@code from}).
   */
  public static DeploymentRequest promotion(JsonObject body, Strategy fallback) {
    JsonObject request = body.copy().put("environment", text(body, "to", true));
    request.remove("to");
    request.remove("from");
    if (request.getValue("strategy") == null) {
      request.put("strategy", fallback.toJson());
    }
    request.put("reason", "promoted from " + text(body, "from", true));
    DeploymentRequest parsed = of(request);
    return new DeploymentRequest(parsed.environment(), parsed.workflow(), parsed.version(), parsed.strategy(),
        parsed.reason(), false, true);
  }

  static String text(JsonObject body, String field, boolean required) {
    Object value = body.getValue(field);
    if (value == null && !required) {
      return null;
    }
    if (!(value instanceof String text) || text.isBlank()) {
      throw Problem.at(ProblemType.MALFORMED, "/" + field, field + " is required, as a non-empty string");
    }
    return text;
  }

  /** A rollback's {@code targetVersion}, when given: a 422 at its path when it is no SemVer version. */
  static Optional<String> targetVersion(JsonObject body) {
    Optional<String> target = Optional.ofNullable(text(body, "targetVersion", false));
    target.ifPresent(version -> {
      try {
        SemanticVersion.parse(version);
      } catch (InvalidVersionException e) {
        throw Problem.at(ProblemType.UNPROCESSABLE, "/targetVersion", e.getMessage());
      }
    });
    return target;
  }
}
