package io.axon.deploy.gateway.registry;

import static io.axon.deploy.common.bus.Addresses.REGISTRY;

import io.axon.deploy.common.bus.RegistryCommands;
import io.axon.deploy.gateway.auth.Authentication;
import io.axon.deploy.gateway.auth.Role;
import io.axon.deploy.gateway.http.ApiRequest;
import io.axon.deploy.gateway.http.BusRoute;
import io.axon.deploy.gateway.http.CommandLocations;
import io.axon.deploy.gateway.http.Diagnosis;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** The workflow, version and audit operations of the contract, each mapped to a registry command. */
public final class RegistryRoutes {
  private final BusRoute bus;

  public RegistryRoutes(BusRoute bus) {
    this.bus = bus;
  }

  public void mount(RouterBuilder api) {
    CommandLocations.bodyAsField("replaceDefinition", "definition");
    write(api, "createWorkflow", RegistryCommands.CREATE_WORKFLOW, ApiRequest::body);
    read(api, "listWorkflows", RegistryCommands.LIST_WORKFLOWS, ApiRequest::query);
    read(api, "getWorkflow", RegistryCommands.GET_WORKFLOW, RegistryRoutes::workflow);
    write(api, "createVersion", RegistryCommands.CREATE_VERSION, r -> r.body().put("workflow", r.path("key")));
    read(api, "listVersions", RegistryCommands.LIST_VERSIONS, r -> r.query().put("workflow", r.path("key")));
    read(api, "getVersion", RegistryCommands.GET_VERSION, RegistryRoutes::version);
    write(api, "replaceDefinition", RegistryCommands.REPLACE_DEFINITION,
        r -> version(r).put("definition", r.body()).put("ifMatch", r.header("If-Match"))
            .put("force", r.query().getBoolean("force", false)));
    for (String transition : new String[] {"publish", "deprecate", "archive"}) {
      write(api, transition + "Version", RegistryCommands.TRANSITION_VERSION,
          r -> version(r).put("transition", transition).put("reason", r.body().getString("reason")));
    }
    read(api, "diffVersions", RegistryCommands.DIFF_VERSIONS, r -> r.query().put("workflow", r.path("key")));
    read(api, "resolveDependencies", RegistryCommands.RESOLVE_DEPENDENCIES, r -> r.query().mergeIn(version(r)));
    Handler<RoutingContext> changelogJson = bus.forward(REGISTRY, RegistryCommands.CHANGELOG, RegistryRoutes::version);
    Handler<RoutingContext> changelogMarkdown = bus.forwardText(REGISTRY, RegistryCommands.CHANGELOG, "markdown",
        "text/markdown; charset=utf-8", r -> version(r).put("format", "markdown"));
    api.getRoute("getChangelog").addHandler(ctx -> {
      String accept = ctx.request().getHeader("Accept");
      (accept != null && accept.contains("text/markdown") ? changelogMarkdown : changelogJson).handle(ctx);
    });
    read(api, "listAudit", RegistryCommands.LIST_AUDIT, ApiRequest::query);
    read(api, "auditHead", RegistryCommands.AUDIT_HEAD, r -> new JsonObject());
    read(api, "verifyAudit", RegistryCommands.VERIFY_AUDIT, ApiRequest::query);
  }

  /** Lets refused bodies of workflow and version writes report their rule problems with their shape problems. */
  public void ruleChecks(Diagnosis diagnosis) {
    diagnosis.ruleCheck("createWorkflow", REGISTRY, RegistryCommands.CHECK_WORKFLOW)
        .ruleCheck("createVersion", REGISTRY, RegistryCommands.CHECK_VERSION)
        .ruleCheck("replaceDefinition", REGISTRY, RegistryCommands.CHECK_VERSION);
  }

  private void read(RouterBuilder api, String operation, String action, java.util.function.Function<ApiRequest, JsonObject> command) {
    api.getRoute(operation).addHandler(bus.forward(REGISTRY, action, command));
  }

  private void write(RouterBuilder api, String operation, String action,
      java.util.function.Function<ApiRequest, JsonObject> command) {
    api.getRoute(operation)
        .addHandler(Authentication.requireAny(Role.AUTHOR))
        .addHandler(bus.forward(REGISTRY, action, command));
  }

  private static JsonObject workflow(ApiRequest request) {
    return new JsonObject().put("workflow", request.path("key"));
  }

  private static JsonObject version(ApiRequest request) {
    return workflow(request).put("version", request.path("version"));
  }
}
