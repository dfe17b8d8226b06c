package io.axon.deploy.gateway.deployer;

import static io.axon.deploy.common.bus.Addresses.DEPLOYER;

import io.axon.deploy.common.bus.Addresses;
import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.deployer.DeployerCommands;
import io.axon.deploy.common.monitor.MonitorCommands;
import io.axon.deploy.gateway.auth.Authentication;
import io.axon.deploy.gateway.auth.Role;
import io.axon.deploy.gateway.http.ApiRequest;
import io.axon.deploy.gateway.http.BusRoute;
import io.axon.deploy.gateway.http.CommandLocations;
import io.axon.deploy.gateway.http.Diagnosis;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.function.Function;

/**
 * The environment, deployment, routing, gateway and instance operations of the contract, each mapped to a
 * deployer command (instances: the monitor's, once the deployer knows the environment).
 */
public final class DeployerRoutes {
  private final BusRoute route;
  private final BusClient bus;

  public DeployerRoutes(BusRoute route, BusClient bus) {
    this.route = route;
    this.bus = bus;
  }

  public void mount(RouterBuilder api) {
    read(api, "listEnvironments", DeployerCommands.LIST_ENVIRONMENTS, r -> new JsonObject());
    read(api, "getEnvironment", DeployerCommands.GET_ENVIRONMENT, DeployerRoutes::environment);
    // an environment's rules are the installation's: admins only
    CommandLocations.bodyAsField("updateEnvironment", "representation");
    api.getRoute("updateEnvironment")
        .addHandler(Authentication.requireAny(Role.ADMIN))
        .addHandler(route.forward(DEPLOYER, DeployerCommands.UPDATE_ENVIRONMENT, r -> environment(r)
            .put("ifMatch", r.header("If-Match")).put("representation", r.body())));
    write(api, "createDeployment", DeployerCommands.CREATE_DEPLOYMENT, r -> r.body().copy().put("environment", r.path("env")));
    read(api, "listDeployments", DeployerCommands.LIST_DEPLOYMENTS, ApiRequest::query);
    read(api, "getDeployment", DeployerCommands.GET_DEPLOYMENT, r -> new JsonObject().put("id", r.path("id")));
    write(api, "promoteDeployment", DeployerCommands.PROMOTE_DEPLOYMENT, DeployerRoutes::deployment);
    write(api, "pauseDeployment", DeployerCommands.PAUSE_DEPLOYMENT, DeployerRoutes::deployment);
    write(api, "resumeDeployment", DeployerCommands.RESUME_DEPLOYMENT, DeployerRoutes::deployment);
    write(api, "abortDeployment", DeployerCommands.ABORT_DEPLOYMENT, DeployerRoutes::deployment);
    write(api, "rollbackDeployment", DeployerCommands.ROLLBACK_DEPLOYMENT, DeployerRoutes::deployment);
    read(api, "diagnoseDeployment", DeployerCommands.DIAGNOSE_DEPLOYMENT, r -> new JsonObject().put("id", r.path("id")));
    write(api, "emergencyRollback", DeployerCommands.EMERGENCY_ROLLBACK, r -> (r.body() == null ? new JsonObject()
        : r.body().copy()).mergeIn(workflow(r)));
    write(api, "createPromotion", DeployerCommands.PROMOTE, ApiRequest::body);
    read(api, "listApprovals", DeployerCommands.LIST_APPROVALS, ApiRequest::query);
    approve(api, "approveApproval", DeployerCommands.APPROVE);
    approve(api, "rejectApproval", DeployerCommands.REJECT);
    read(api, "getRouting", DeployerCommands.GET_ROUTING, DeployerRoutes::workflow);
    write(api, "setRouting", DeployerCommands.SET_ROUTING, r -> r.body().copy().mergeIn(workflow(r)));
    read(api, "listGateways", DeployerCommands.LIST_GATEWAYS, r -> new JsonObject());
    api.getRoute("listInstances").addHandler(ctx -> {
      ApiRequest request = ApiRequest.of(ctx);
      bus.request(DEPLOYER, DeployerCommands.GET_ENVIRONMENT, environment(request), request.requestId(), null)
          .compose(known -> bus.request(Addresses.MONITOR, MonitorCommands.LIST_INSTANCES, environment(request),
              request.requestId(), null))
          .onSuccess(reply -> BusRoute.respond(ctx, reply))
          .onFailure(ctx::fail);
    });
  }

  /** Lets refused environment bodies report their rule problems with their shape problems. */
  public void ruleChecks(Diagnosis diagnosis) {
    diagnosis.ruleCheck("updateEnvironment", DEPLOYER, DeployerCommands.CHECK_ENVIRONMENT);
  }

  private void read(RouterBuilder api, String operation, String action, Function<ApiRequest, JsonObject> command) {
    api.getRoute(operation).addHandler(route.forward(DEPLOYER, action, command));
  }

  private void write(RouterBuilder api, String operation, String action, Function<ApiRequest, JsonObject> command) {
    api.getRoute(operation)
        .addHandler(Authentication.requireAny(Role.DEPLOYER))
        .addHandler(route.forward(DEPLOYER, action, command));
  }

  /** Approvers decide approvals; an admin may too. */
  private void approve(RouterBuilder api, String operation, String action) {
    api.getRoute(operation)
        .addHandler(Authentication.requireAny(Role.APPROVER))
        .addHandler(route.forward(DEPLOYER, action, DeployerRoutes::deployment));
  }

  /** The body (if any) with the path's id. */
  private static JsonObject deployment(ApiRequest request) {
    JsonObject body = request.body() == null ? new JsonObject() : request.body().copy();
    return body.put("id", request.path("id"));
  }

  private static JsonObject environment(ApiRequest request) {
    return new JsonObject().put("environment", request.path("env"));
  }

  private static JsonObject workflow(ApiRequest request) {
    return environment(request).put("workflow", request.path("key"));
  }
}
