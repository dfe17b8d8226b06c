package io.axon.deploy.gateway.monitor;

import static io.axon.deploy.common.bus.Addresses.MONITOR;

import io.axon.deploy.common.monitor.MonitorCommands;
import io.axon.deploy.gateway.auth.Authentication;
import io.axon.deploy.gateway.auth.Role;
import io.axon.deploy.gateway.http.ApiRequest;
import io.axon.deploy.gateway.http.BusRoute;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/**
 * The monitor's operations of the contract, each mapped to a monitor command: deployment metrics and
 * version analytics (the monitor owns the numbers, DESIGN §1, and asks the deployer and the registry
 * for what it needs; reads, open to any authenticated role), and custom metric samples in.
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
    // samples judge deployments (custom_metric triggers): those who deploy post them, as a service's token would
    api.getRoute("recordMetrics")
        .addHandler(Authentication.requireAny(Role.DEPLOYER))
        .addHandler(route.forward(MONITOR, MonitorCommands.RECORD_METRICS, ApiRequest::body));
  }
}
