package io.axon.deploy.gateway.monitor;

import io.axon.deploy.common.bus.Addresses;
import io.axon.deploy.common.monitor.MonitorCommands;
import io.axon.deploy.gateway.auth.Authentication;
import io.axon.deploy.gateway.auth.Role;
import io.axon.deploy.gateway.http.ApiRequest;
import io.axon.deploy.gateway.http.BusRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** The monitor's operations of the contract: custom metric samples in. */
public final class MonitorRoutes {
  private final BusRoute route;

  public MonitorRoutes(BusRoute route) {
    this.route = route;
  }

  public void mount(RouterBuilder api) {
    // samples judge deployments (custom_metric triggers): those who deploy post them, as a service's token would
    api.getRoute("recordMetrics")
        .addHandler(Authentication.requireAny(Role.DEPLOYER))
        .addHandler(route.forward(Addresses.MONITOR, MonitorCommands.RECORD_METRICS, ApiRequest::body));
  }
}
