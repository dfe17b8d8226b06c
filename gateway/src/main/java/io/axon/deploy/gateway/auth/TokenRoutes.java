package io.axon.deploy.gateway.auth;

import io.axon.deploy.common.bus.Addresses;
import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.bus.RegistryCommands;
import io.axon.deploy.common.bus.Reply;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.json.StorableJson;
import io.axon.deploy.common.paging.PageRequest;
import io.axon.deploy.gateway.http.ApiRequest;
import io.axon.deploy.gateway.http.BusRoute;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@code /api/v1/tokens}: an admin issues, lists and revokes tokens. Issue and revocation are
 * audited under the token's id; the secret never is.
 */
public final class TokenRoutes {
  private static final Duration LONGEST = Duration.ofDays(3650);

  private final Tokens tokens;
  private final TokenRepository repository;
  private final BusClient bus;

  public TokenRoutes(Tokens tokens, TokenRepository repository, BusClient bus) {
    this.tokens = tokens;
    this.repository = repository;
    this.bus = bus;
  }

  public void mount(RouterBuilder api) {
    api.getRoute("createToken").addHandler(Authentication.requireAny(Role.ADMIN)).addHandler(this::create);
    api.getRoute("listTokens").addHandler(Authentication.requireAny(Role.ADMIN)).addHandler(this::list);
    api.getRoute("revokeToken").addHandler(Authentication.requireAny(Role.ADMIN)).addHandler(this::revoke);
  }

  private void create(RoutingContext ctx) {
    ApiRequest request = ApiRequest.of(ctx);
    JsonObject body = request.body();
    List<FieldError> unstorable = StorableJson.problems(body);
    if (!unstorable.isEmpty()) {
      ctx.fail(new Problem(ProblemType.MALFORMED, "the request holds values that cannot be stored", unstorable).exception());
      return;
    }
    Set<Role> roles = body.getJsonArray("roles").stream().map(role -> Role.fromWire((String) role))
        .collect(Collectors.toUnmodifiableSet());
    Optional<Instant> expiresAt = expiry(body.getValue("expiresIn"));
    String user = body.getString("user");
    // a token exists only if its issue is in the audit trail: withdrawn when the record fails
    Optional<TokenRepository.IssueKey> issueKey = Optional.ofNullable(request.header(BusRoute.IDEMPOTENCY_KEY))
        .map(key -> new TokenRepository.IssueKey(request.principal().actor().principal(), key,
            io.axon.deploy.common.json.CanonicalJson.sha256Hex(io.axon.deploy.common.json.CanonicalJson.write(body))));
    tokens.issue(user, roles, expiresAt, request.principal().actor().user(), issueKey)
        .compose(issued -> audit(request, "token.created", issued.stored().id(), new JsonObject()
                .put("user", user).put("roles", roles(roles)).put("expiresAt", expiresAt.map(Instant::toString).orElse(null)))
            .map(issued)
            .recover(failure -> tokens.withdraw(issued).transform(v -> Future.failedFuture(failure))))
        .onSuccess(issued -> BusRoute.respond(ctx, Reply.created(issued.stored().toJson().put("token", issued.token()))
            .withHeader("Location", "/api/v1/tokens/" + issued.stored().id())))
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    PageRequest page = PageRequest.fromJson(ApiRequest.of(ctx).query());
    repository.list(page.after(), page.limit() + 1)
        .onSuccess(found -> BusRoute.respond(ctx, Reply.ok(page.page(found, StoredToken::toJson, t -> t.id().toString()))))
        .onFailure(ctx::fail);
  }

  /** Audited first (under an id, so a retry adds nothing), then revoked: a revocation is never unrecorded. */
  private void revoke(RoutingContext ctx) {
    ApiRequest request = ApiRequest.of(ctx);
    UUID id;
    try {
      id = UUID.fromString(request.path("id"));
    } catch (IllegalArgumentException e) {
      ctx.fail(Problem.notFound("there is no token " + request.path("id")));
      return;
    }
    repository.find(id)
        .map(found -> found.orElseThrow(() -> Problem.notFound("there is no token " + id)))
        .compose(token -> audit(request, "token.revoked", id, new JsonObject().put("user", token.user()))
            .compose(v -> tokens.revoke(token, request.principal().actor().user())))
        .onSuccess(v -> BusRoute.respond(ctx, Reply.noContent()))
        .onFailure(ctx::fail);
  }

  private Future<Reply> audit(ApiRequest request, String action, UUID tokenId, JsonObject details) {
    return bus.request(Addresses.REGISTRY, RegistryCommands.APPEND_AUDIT, new JsonObject()
            .put("id", action + ":" + tokenId)
            .put("service", "gateway")
            .put("action", action)
            .put("subject", "tokens/" + tokenId)
            .put("details", details),
        request.requestId(), request.principal().actor());
  }

  /** {@code expiresIn}: seconds, or an ISO-8601 duration such as {@code P30D} or {@code PT12H}. */
  private static Optional<Instant> expiry(Object expiresIn) {
    if (expiresIn == null) {
      return Optional.empty();
    }
    Duration duration;
    try {
      duration = expiresIn instanceof Number seconds ? Duration.ofSeconds(seconds.longValue())
          : Duration.parse(String.valueOf(expiresIn));
    } catch (DateTimeParseException | ArithmeticException e) {
      duration = null;
    }
    if (duration == null || duration.toSeconds() < 60 || duration.compareTo(LONGEST) > 0) {
      throw new Problem(ProblemType.UNPROCESSABLE, "expiresIn is from 60 seconds to 3650 days",
          List.of(new FieldError("/expiresIn", "seconds (60 to 315360000) or an ISO-8601 duration such as P30D"))).exception();
    }
    return Optional.of(Instant.now().plus(duration));
  }

  private static JsonArray roles(Set<Role> roles) {
    return new JsonArray(roles.stream().map(Role::wire).sorted().toList());
  }
}
