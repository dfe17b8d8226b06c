package io.axon.deploy.gateway.monitor;

import static io.axon.deploy.common.bus.Addresses.MONITOR;

import io.axon.deploy.common.monitor.MonitorCommands;
import io.axon.deploy.gateway.http.ApiRequest;
import io.axon.deploy.gateway.http.BusRoute;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/**
 * Deployment metrics and version analytics, each mapped to a monitor command: the monitor owns the
 * numbers (DESIGN §1) and asks the deployer and the registry for what it needs. Reads, open to any
 * authenticated role.
 */
public final class MonitorRoutes {
  private final BusRoute route;

  public MonitorRoutes(BusRoute route) {
    this.route = route;
  }

  public void mount(RouterBuilder api) {
    api.getRoute("getDeploymentMetrics").addHandler(route.forward(MONITOR, MonitorCommands.DEPLOYMENT_METRICS,
        r -> new JsonObject().put("id", r.path("id"))));
    api.getRoute("getVersionAnalytics").addHandler(route.forward(MONITOR, MonitorCommands.VERSION_ANALYTICS,
        r -> new JsonObject().put("workflow", r.path("key")).put("version", r.path("version"))
            .put("environment", r.query().getString("environment"))));
  }
}
