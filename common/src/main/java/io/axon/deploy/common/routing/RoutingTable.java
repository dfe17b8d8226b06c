package io.axon.deploy.common.routing;

import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.common.semver.SemanticVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * How one workflow's executions in one environment are split between its loaded versions (DESIGN §2):
 * a revision, which only grows; routes whose weights add up to 100 (a route of weight 0 keeps its
 * version loaded, ready for a split by hand or a rollback); an optional preview version reached only
 * with {@code X-Axon-Preview: true}; and which instances host which version. The deployer owns it and
 * publishes every revision, whole; gateways apply revisions in order.
 *
 * @param hosts version (as a string) → the ids of the instances that host it
 */
public record RoutingTable(String environment, String workflow, long revision, List<Route> routes,
    Optional<SemanticVersion> preview, Map<String, List<String>> hosts) {

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
    Map<String, List<String>> copy = new TreeMap<>();
    hosts.forEach((version, ids) -> copy.put(version, List.copyOf(new java.util.TreeSet<>(ids))));
    hosts = java.util.Collections.unmodifiableMap(copy);
  }

  public RoutingTable(String environment, String workflow, long revision, List<Route> routes) {
    this(environment, workflow, revision, routes, Optional.empty(), Map.of());
  }

  /** A table whose routes break no rule; a 422 listing each broken one otherwise. */
  public static RoutingTable checked(String environment, String workflow, long revision, List<Route> routes) {
    List<FieldError> errors = problems(routes);
    if (!errors.isEmpty()) {
      throw Problem.unprocessable("the routing table breaks " + errors.size() + " rule(s)", errors);
    }
    return new RoutingTable(environment, workflow, revision, routes);
  }

  /** What is wrong with {@code routes}: weights from 0 to 100 adding up to 100, each version once. */
  public static List<FieldError> problems(List<Route> routes) {
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
    return errors;
  }

  /** The routes that take traffic. */
  public List<Route> live() {
    return routes.stream().filter(r -> r.weight() > 0).toList();
  }

  /** The route of {@code version}, whatever its weight. */
  public Optional<Route> route(SemanticVersion version) {
    return routes.stream().filter(r -> r.version().equals(version)).findFirst();
  }

  /** Every version the table keeps loaded: its routes' and its preview. */
  public Set<SemanticVersion> versions() {
    Set<SemanticVersion> versions = new java.util.LinkedHashSet<>();
    routes.forEach(r -> versions.add(r.version()));
    preview.ifPresent(versions::add);
    return versions;
  }

  public List<String> hostsOf(SemanticVersion version) {
    return hosts.getOrDefault(version.toString(), List.of());
  }

  /** The next revision: these routes, preview and hosts. */
  public RoutingTable next(List<Route> routes, Optional<SemanticVersion> preview, Map<String, List<String>> hosts) {
    return new RoutingTable(environment, workflow, revision + 1, routes, preview, hosts);
  }

  public JsonObject toJson() {
    JsonObject hostsJson = new JsonObject();
    hosts.forEach((version, ids) -> hostsJson.put(version, new JsonArray(ids)));
    return new JsonObject()
        .put("environment", environment)
        .put("workflow", workflow)
        .put("revision", revision)
        .put("routes", new JsonArray(routes.stream().map(Route::toJson).toList()))
        .put("preview", preview.map(SemanticVersion::toString).orElse(null))
        .put("hosts", hostsJson);
  }

  public static RoutingTable fromJson(JsonObject json) {
    Map<String, List<String>> hosts = new TreeMap<>();
    json.getJsonObject("hosts", new JsonObject()).forEach(entry ->
        hosts.put(entry.getKey(), ((JsonArray) entry.getValue()).stream().map(String::valueOf).toList()));
    return new RoutingTable(json.getString("environment"), json.getString("workflow"), json.getLong("revision"),
        json.getJsonArray("routes", new JsonArray()).stream().map(r -> Route.fromJson((JsonObject) r)).toList(),
        Optional.ofNullable(json.getString("preview")).map(SemanticVersion::parse), hosts);
  }
}
