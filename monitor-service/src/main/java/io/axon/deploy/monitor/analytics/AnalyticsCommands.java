package io.axon.deploy.monitor.analytics;

import io.axon.deploy.common.bus.Addresses;
import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.bus.Command;
import io.axon.deploy.common.bus.CommandDispatcher;
import io.axon.deploy.common.bus.RegistryCommands;
import io.axon.deploy.common.bus.Reply;
import io.axon.deploy.common.deployer.DeployerCommands;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.monitor.MonitorCommands;
import io.axon.deploy.monitor.analytics.VersionAnalytics.Scope;
import io.axon.deploy.monitor.health.HealthPoller;
import io.axon.deploy.monitor.windows.ExecutionWindows;
import io.axon.deploy.monitor.windows.VersionWindow;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * {@link MonitorCommands#DEPLOYMENT_METRICS} and {@link MonitorCommands#VERSION_ANALYTICS}: the
 * monitor asks the deployer (and the registry) over the bus for what it does not own, and combines
 * that with its windows and its instances' health. The numbers are {@link DeploymentMetrics}' and
 * {@link VersionAnalytics}'; this class only reads and writes JSON.
 */
public final class AnalyticsCommands {
  private final BusClient bus;
  private final ExecutionWindows windows;
  private final HealthPoller poller;
  private final LongSupplier clock;

  public AnalyticsCommands(BusClient bus, ExecutionWindows windows, HealthPoller poller, LongSupplier clock) {
    this.bus = bus;
    this.windows = windows;
    this.poller = poller;
    this.clock = clock;
  }

  public void register(CommandDispatcher dispatcher) {
    dispatcher.on(MonitorCommands.DEPLOYMENT_METRICS, this::deploymentMetrics)
        .on(MonitorCommands.VERSION_ANALYTICS, this::versionAnalytics);
  }

  private Future<Reply> deploymentMetrics(Command command) {
    String id = text(command.body(), "id", true);
    return bus.request(Addresses.DEPLOYER, DeployerCommands.GET_DEPLOYMENT, new JsonObject().put("id", id),
            command.requestId(), null)
        .map(reply -> Reply.ok(metrics(reply.json())));
  }

  private JsonObject metrics(JsonObject deployment) {
    DeploymentFacts facts = AnalyticsJson.deployment(deployment);
    String workflow = deployment.getString("workflow");
    long windowMs = DeploymentMetrics.windowMs(facts.startedAt(), clock.getAsLong(), ExecutionWindows.MIN_WINDOW_MS,
        windows.retentionMs());
    List<VersionWindow> versions = windows.versions(workflow, Optional.of(facts.environment()), windowMs);
    VersionWindow current = find(versions, facts.version());
    JsonArray byVersion = new JsonArray().add(version(current, "new", windowMs));
    facts.previousVersion().filter(previous -> !previous.equals(facts.version()))
        .ifPresent(previous -> byVersion.add(version(find(versions, previous), "previous", windowMs)));
    JsonObject rollback = deployment.getValue("rollback") instanceof JsonObject object ? object : null;
    return new JsonObject()
        .put("deploymentId", facts.id())
        .put("workflow", workflow)
        .put("version", facts.version())
        .put("environment", facts.environment())
        .put("status", facts.status())
        .put("windowMs", windowMs)
        .put("health", AnalyticsJson.health(DeploymentMetrics.health(poller.views(Optional.of(facts.environment()))
            .stream().filter(view -> view.hosts(workflow, facts.version())).map(AnalyticsJson::instance).toList())))
        .put("performance", AnalyticsJson.performance(DeploymentMetrics.performance(current, windowMs)))
        .put("errors", AnalyticsJson.errors(DeploymentMetrics.errors(current)))
        .put("rollbacks", new JsonObject().put("count", rollback == null ? 0 : 1).put("last", rollback))
        .put("versions", byVersion);
  }

  private static JsonObject version(VersionWindow window, String role, long windowMs) {
    return new JsonObject().put("version", window.version()).put("role", role)
        .put("performance", AnalyticsJson.performance(DeploymentMetrics.performance(window, windowMs)))
        .put("errors", AnalyticsJson.errors(DeploymentMetrics.errors(window)));
  }

  /** The version must exist (the registry's 404 otherwise); then its deployments and the environments' order. */
  private Future<Reply> versionAnalytics(Command command) {
    JsonObject body = command.body();
    String workflow = text(body, "workflow", true);
    String version = text(body, "version", true);
    Optional<String> environment = Optional.ofNullable(text(body, "environment", false));
    JsonObject history = new JsonObject().put("workflow", workflow).put("environment", environment.orElse(null));
    return bus.request(Addresses.REGISTRY, RegistryCommands.GET_VERSION,
            new JsonObject().put("workflow", workflow).put("version", version), command.requestId(), null)
        .compose(found -> Future.all(
            bus.request(Addresses.DEPLOYER, DeployerCommands.LIST_ENVIRONMENTS, new JsonObject(), command.requestId(), null),
            bus.request(Addresses.DEPLOYER, DeployerCommands.DEPLOYMENT_HISTORY, history, command.requestId(), null)))
        .map(both -> {
          Map<String, String> next = nextEnvironments(both.<Reply>resultAt(0).json().getJsonArray("items"));
          if (environment.isPresent() && !next.containsKey(environment.get())) {
            throw Problem.at(ProblemType.NOT_FOUND, "/environment", "environment '" + environment.get() + "' does not exist");
          }
          next.values().removeIf(String::isEmpty);
          List<DeploymentFacts> deployments = both.<Reply>resultAt(1).json().getJsonArray("items").stream()
              .map(item -> AnalyticsJson.deployment((JsonObject) item)).toList();
          Scope scope = new Scope(workflow, version, environment, windows.retentionMs(), next);
          return Reply.ok(AnalyticsJson.report(VersionAnalytics.analyse(scope, deployments,
              windows.versions(workflow, environment, windows.retentionMs()))));
        });
  }

  /** Every environment, mapped to the one promoted to from it ("" for none). */
  private static Map<String, String> nextEnvironments(JsonArray environments) {
    Map<String, String> next = new HashMap<>();
    environments.forEach(item -> next.putIfAbsent(((JsonObject) item).getString("name"), ""));
    environments.forEach(item -> {
      JsonObject environment = (JsonObject) item;
      JsonObject restrictions = environment.getJsonObject("restrictions", new JsonObject());
      String source = restrictions.getValue("promotionSource") instanceof String text ? text : null;
      if (source != null) {
        next.put(source, environment.getString("name"));
      }
    });
    return next;
  }

  private static VersionWindow find(List<VersionWindow> versions, String version) {
    return versions.stream().filter(w -> w.version().equals(version)).findFirst().orElse(VersionWindow.empty(version));
  }

  private static String text(JsonObject body, String field, boolean required) {
    Object value = body.getValue(field);
    if (value == null && !required) {
      return null;
    }
    if (!(value instanceof String text) || text.isBlank()) {
      throw Problem.at(ProblemType.MALFORMED, "/" + field, field + " is required, as a non-empty string");
    }
    return text;
  }
}
