package io.axon.deploy.monitor.analytics;

import io.axon.deploy.common.monitor.InstanceView;
import io.axon.deploy.monitor.analytics.DeploymentMetrics.Errors;
import io.axon.deploy.monitor.analytics.DeploymentMetrics.Health;
import io.axon.deploy.monitor.analytics.DeploymentMetrics.InstanceHealth;
import io.axon.deploy.monitor.analytics.DeploymentMetrics.Performance;
import io.axon.deploy.monitor.analytics.VersionAnalytics.Report;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Analytics' records to and from JSON: the edge between the bus and the plain calculators. */
final class AnalyticsJson {
  private AnalyticsJson() {
  }

  /** A deployment as the deployer represents it (DESIGN §3). */
  static DeploymentFacts deployment(JsonObject json) {
    return new DeploymentFacts(json.getString("id"), json.getString("version"), json.getString("environment"),
        json.getString("status"), instant(json.getString("createdAt")).orElse(Instant.EPOCH),
        instant(json.getString("startedAt")), instant(json.getString("finishedAt")),
        Optional.ofNullable(json.getString("previousVersion")), json.getValue("rollback") instanceof JsonObject);
  }

  /** An instance's last report, scored as {@link DeploymentMetrics} says. */
  static InstanceHealth instance(InstanceView view) {
    JsonObject health = view.health();
    JsonObject checks = health.getValue("checks") instanceof JsonObject object ? object : new JsonObject();
    double score = health.getValue("score") instanceof Number number ? number.doubleValue() : 0;
    return new InstanceHealth(view.healthy(), score, check(checks, "engine"), check(checks, "database"),
        check(checks, "externalServices"), instant(health.getValue("lastCheck") instanceof String at ? at : null));
  }

  private static double check(JsonObject checks, String name) {
    Object check = checks.getValue(name);
    return DeploymentMetrics.checkScore(check instanceof JsonObject object && object.getValue("status") instanceof String status
        ? status : null);
  }

  static JsonObject health(Health health) {
    return new JsonObject().put("overall", health.overall()).put("engine", health.engine())
        .put("database", health.database()).put("externalServices", health.externalServices())
        .put("lastCheck", health.lastCheck().map(Instant::toString).orElse(null)).put("instances", health.instances());
  }

  static JsonObject performance(Performance performance) {
    return new JsonObject().put("throughput", performance.throughput())
        .put("latency", new JsonObject().put("p50", performance.p50Ms()).put("p95", performance.p95Ms())
            .put("p99", performance.p99Ms()))
        .put("executions", performance.executions());
  }

  static JsonObject errors(Errors errors) {
    JsonArray top = new JsonArray();
    errors.topErrors().forEach(node -> top.add(new JsonObject().put("node", node.node()).put("count", node.count())));
    return new JsonObject().put("count", errors.count()).put("rate", errors.rate()).put("topErrors", top);
  }

  static JsonObject report(Report report) {
    JsonArray advice = new JsonArray();
    report.recommendations().forEach(r -> advice.add(new JsonObject().put("kind", r.kind()).put("message", r.message())));
    return new JsonObject()
        .put("versionId", report.versionId())
        .put("workflow", report.workflow())
        .put("version", report.version())
        .put("deploymentCount", report.deploymentCount())
        .put("successRate", report.successRate().orElse(null))
        .put("averageDeploymentTime", report.averageDeploymentTime().orElse(null))
        .put("rollbackRate", report.rollbackRate().orElse(null))
        .put("adoptionRate", report.adoptionRate().orElse(null))
        .put("performanceImpact", report.performanceImpact().orElse(null))
        .put("errorImpact", report.errorImpact().orElse(null))
        .put("comparedWith", report.comparedWith().orElse(null))
        .put("windowMs", report.windowMs())
        .put("recommendations", advice);
  }

  private static Optional<Instant> instant(String text) {
    try {
      return Optional.ofNullable(text).map(Instant::parse);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
