package io.axon.deploy.gateway.auth;

import io.axon.deploy.common.bus.Addresses;
import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.bus.RegistryCommands;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.json.StorableJson;
import io.axon.deploy.gateway.http.ApiRequest;
import io.axon.deploy.gateway.http.BusRoute;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.List;
import java.util.stream.Collectors;

/** {@code POST /api/v1/tokens}: an admin issues a token; the issue is audited, the secret is not. */
public final class TokenRoutes {
  private final Tokens tokens;
  private final BusClient bus;

  public TokenRoutes(Tokens tokens, BusClient bus) {
    this.tokens = tokens;
    this.bus = bus;
  }

  public void mount(RouterBuilder api) {
    api.getRoute("createToken")
        .addHandler(Authentication.requireAny(Role.ADMIN))
        .addHandler(ctx -> {
          ApiRequest request = ApiRequest.of(ctx);
          JsonObject body = request.body();
          List<FieldError> unstorable = StorableJson.problems(body);
          if (!unstorable.isEmpty()) {
            ctx.fail(new Problem(ProblemType.MALFORMED, "the request holds values that cannot be stored", unstorable).exception());
            return;
          }
          Principal principal = new Principal(body.getString("user"), body.getJsonArray("roles").stream()
              .map(role -> Role.fromWire((String) role)).collect(Collectors.toUnmodifiableSet()));
          // a token exists only if its issue is in the audit trail: withdrawn when the record fails
          tokens.issue(principal, request.principal().user())
              .compose(issued -> bus.request(Addresses.REGISTRY, RegistryCommands.APPEND_AUDIT, new JsonObject()
                      .put("action", "token.created")
                      .put("subject", "tokens/" + issued.id())
                      .put("details", new JsonObject().put("user", principal.user()).put("roles", roles(principal))),
                  request.requestId(), request.principal().user())
                  .map(issued)
                  .recover(failure -> tokens.withdraw(issued).transform(v -> Future.failedFuture(failure))))
              .onSuccess(issued -> BusRoute.respond(ctx, 201, new JsonObject()
                  .put("token", issued.token())
                  .put("user", principal.user())
                  .put("roles", roles(principal))))
              .onFailure(ctx::fail);
        });
  }

  private static JsonArray roles(Principal principal) {
    return new JsonArray(principal.roles().stream().map(Role::wire).sorted().toList());
  }
}
