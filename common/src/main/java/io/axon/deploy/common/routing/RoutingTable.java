package io.axon.deploy.common.routing;

import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.common.semver.SemanticVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How one workflow's executions in one environment are split between its loaded versions (DESIGN §2):
 * a revision, which only grows, and routes whose weights add up to 100. The deployer owns it and
 * publishes every revision; gateways apply revisions in order.
 */
public record RoutingTable(String environment, String workflow, long revision, List<Route> routes) {

  /** A share of the traffic: a version, its weight in percent, and the deployment that put it there. */
  public record Route(SemanticVersion version, int weight, Optional<String> deploymentId) {
    public JsonObject toJson() {
      return new JsonObject().put("version", version.toString()).put("weight", weight)
          .put("deploymentId", deploymentId.orElse(null));
    }

    static Route fromJson(JsonObject json) {
      return new Route(SemanticVersion.parse(json.getString("version")), json.getInteger("weight"),
          Optional.ofNullable(json.getString("deploymentId")));
    }
  }

  public RoutingTable {
    routes = List.copyOf(routes);
  }

  /** A table whose routes break no rule; a 422 listing each broken one otherwise. */
  public static RoutingTable checked(String environment, String workflow, long revision, List<Route> routes) {
    List<FieldError> errors = new ArrayList<>();
    Set<SemanticVersion> seen = new HashSet<>();
    int total = 0;
    for (int i = 0; i < routes.size(); i++) {
      Route route = routes.get(i);
      if (route.weight() < 0 || route.weight() > 100) {
        errors.add(new FieldError("/routes/" + i + "/weight", "a weight is a whole percentage from 0 to 100"));
      }
      if (!seen.add(route.version())) {
        errors.add(new FieldError("/routes/" + i + "/version", "version " + route.version() + " is listed twice"));
      }
      total += route.weight();
    }
    if (!routes.isEmpty() && total != 100) {
      errors.add(new FieldError("/routes", "the weights add up to " + total + ", not 100"));
    }
    if (!errors.isEmpty()) {
      throw Problem.unprocessable("the routing table breaks " + errors.size() + " rule(s)", errors);
    }
    return new RoutingTable(environment, workflow, revision, routes);
  }

  /** The routes that take traffic. */
  public List<Route> live() {
    return routes.stream().filter(r -> r.weight() > 0).toList();
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("environment", environment)
        .put("workflow", workflow)
        .put("revision", revision)
        .put("routes", new JsonArray(routes.stream().map(Route::toJson).toList()));
  }

  public static RoutingTable fromJson(JsonObject json) {
    return new RoutingTable(json.getString("environment"), json.getString("workflow"), json.getLong("revision"),
        json.getJsonArray("routes", new JsonArray()).stream().map(r -> Route.fromJson((JsonObject) r)).toList());
  }
}
