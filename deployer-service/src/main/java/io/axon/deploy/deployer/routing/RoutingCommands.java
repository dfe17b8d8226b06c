package io.axon.deploy.deployer.routing;

import io.axon.deploy.common.bus.Command;
import io.axon.deploy.common.bus.CommandDispatcher;
import io.axon.deploy.common.bus.Reply;
import io.axon.deploy.common.db.Changes;
import io.axon.deploy.common.deployer.DeployerCommands;
import io.axon.deploy.common.deployer.DeployerEvents;
import io.axon.deploy.deployer.AuditTrail;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.json.Fields;
import io.axon.deploy.common.routing.RoutingTable;
import io.axon.deploy.common.routing.RoutingTable.Route;
import io.axon.deploy.common.semver.InvalidVersionException;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.deployer.deployment.DeploymentRepository;
import io.axon.deploy.deployer.environment.Environment;
import io.axon.deploy.deployer.environment.EnvironmentRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads routing tables, and sets their weights by hand between the versions already loaded (as Step
 * Functions aliases do): audited, refused while a deployment of the workflow runs there.
 */
public final class RoutingCommands {
  private final Changes changes;
  private final EnvironmentRepository environments;
  private final RoutingRepository routing;
  private final DeploymentRepository deployments;
  private final AuditTrail audit;

  public RoutingCommands(Changes changes, EnvironmentRepository environments, RoutingRepository routing,
      DeploymentRepository deployments, AuditTrail audit) {
    this.changes = changes;
    this.environments = environments;
    this.routing = routing;
    this.deployments = deployments;
    this.audit = audit;
  }

  public void register(CommandDispatcher dispatcher) {
    dispatcher
        .on(DeployerCommands.GET_ROUTING, this::get)
        .on(DeployerCommands.LIST_ROUTING, this::list)
        .onChange(DeployerCommands.SET_ROUTING, this::set);
  }

  private Future<Reply> get(Command command) {
    String environment = Fields.text(command.body(), "environment", "");
    String workflow = Fields.text(command.body(), "workflow", "");
    return environments.require(environment)
        .compose(env -> routing.find(environment, workflow))
        .map(found -> Reply.ok(found.orElseThrow(() -> nothingDeployed(environment, workflow)).toJson()));
  }

  private Future<Reply> list(Command command) {
    return Future.all(environments.all(), routing.all(Optional.empty())).map(both -> Reply.ok(new JsonObject()
        .put("environments", new JsonArray(both.<List<Environment>>resultAt(0).stream().map(Environment::name).toList()))
        .put("tables", new JsonArray(both.<List<RoutingTable>>resultAt(1).stream().map(RoutingTable::toJson).toList()))));
  }

  /** What a request asks for: the routes listed, and the preview (absent means none). */
  private record Split(List<Route> routes, Optional<SemanticVersion> preview) {
    static Split of(JsonObject body) {
      if (!(body.getValue("routes") instanceof JsonArray items) || items.isEmpty()) {
        throw Problem.at(ProblemType.MALFORMED, "/routes", "routes is a non-empty list of {version, weight}");
      }
      List<Route> routes = new ArrayList<>();
      List<FieldError> errors = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        Object item = items.getValue(i);
        if (!(item instanceof JsonObject route) || !(route.getValue("version") instanceof String version)
            || !(route.getValue("weight") instanceof Integer weight)) {
          throw Problem.at(ProblemType.MALFORMED, "/routes/" + i, "a route is {\"version\": \"1.2.0\", \"weight\": 90}");
        }
        try {
          routes.add(new Route(SemanticVersion.parse(version), weight, Optional.empty()));
        } catch (InvalidVersionException e) {
          errors.add(new FieldError("/routes/" + i + "/version", e.getMessage()));
        }
      }
      Object preview = body.getValue("preview");
      if (preview != null && !(preview instanceof String)) {
        throw Problem.at(ProblemType.MALFORMED, "/preview", "preview is a version, or null for none");
      }
      Optional<SemanticVersion> previewVersion = Optional.empty();
      try {
        previewVersion = Optional.ofNullable((String) preview).map(SemanticVersion::parse);
      } catch (InvalidVersionException e) {
        errors.add(new FieldError("/preview", e.getMessage()));
      }
      errors.addAll(RoutingTable.problems(routes));
      if (!errors.isEmpty()) {
        throw Problem.unprocessable("the routing breaks " + errors.size() + " rule(s)", errors);
      }
      return new Split(routes, previewVersion);
    }
  }

  private Future<Reply> set(Command command) {
    String environment = Fields.text(command.body(), "environment", "");
    String workflow = Fields.text(command.body(), "workflow", "");
    Split split = Split.of(command.body());
    return environments.require(environment).compose(env -> changes.run(command, tx -> deployments.activeOf(tx, environment, workflow)
        .compose(active -> active.isEmpty() ? routing.lock(tx, environment, workflow)
            : Future.failedFuture(Problem.conflict("deployment " + active.get() + " of " + workflow + " is running in "
                + environment + "; the weights are its to set until it ends")))
        .map(found -> found.orElseThrow(() -> nothingDeployed(environment, workflow)))
        .compose(table -> routing.write(tx, apply(table, split)))
        .compose(table -> audit(tx, command, table).map(Reply.ok(table.toJson())))));
  }

  /**
   * The table with the weights asked for. Every version must be loaded there already; versions of the
   * table the request leaves out stay loaded at weight 0.
   */
  private static RoutingTable apply(RoutingTable table, Split split) {
    List<FieldError> errors = new ArrayList<>();
    Map<SemanticVersion, Route> asked = new HashMap<>();
    for (int i = 0; i < split.routes().size(); i++) {
      Route route = split.routes().get(i);
      if (table.route(route.version()).isEmpty() && !split.preview().equals(Optional.of(route.version()))
          && !table.preview().equals(Optional.of(route.version()))) {
        errors.add(new FieldError("/routes/" + i + "/version", "version " + route.version() + " is not loaded in "
            + table.environment() + " (loaded: " + table.versions() + "); deploy it first"));
      }
      asked.put(route.version(), route);
    }
    split.preview().filter(p -> !table.versions().contains(p)).ifPresent(p -> errors.add(
        new FieldError("/preview", "version " + p + " is not loaded in " + table.environment() + "; deploy it first")));
    if (!errors.isEmpty()) {
      throw Problem.unprocessable("the routing names versions that are not loaded", errors);
    }
    List<Route> routes = new ArrayList<>();
    split.routes().forEach(route -> routes.add(new Route(route.version(), route.weight(),
        table.route(route.version()).flatMap(Route::deploymentId))));
    table.routes().stream().filter(route -> !asked.containsKey(route.version()))
        .forEach(route -> routes.add(new Route(route.version(), 0, route.deploymentId())));
    return table.next(routes, split.preview(), table.hosts());
  }

  private Future<Void> audit(SqlConnection tx, Command command, RoutingTable table) {
    return audit.append(tx, command, "routing.set:" + table.environment() + "/" + table.workflow() + "@" + table.revision(),
        "routing.set", DeployerEvents.routingSubject(table.environment(), table.workflow()), table.toJson());
  }


  private static RuntimeException nothingDeployed(String environment, String workflow) {
    return Problem.notFound("nothing of workflow '" + workflow + "' is deployed in " + environment);
  }
}
