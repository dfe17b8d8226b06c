package io.axon.deploy.gateway.auth;

import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemType;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import java.util.Set;

/**
 * Finds the caller from {@code Authorization: Bearer}; everything but the public paths needs it (401).
 * It is a security-policy handler so that it runs before the body is read: a caller without a
 * valid token cannot make the gateway buffer a large body.
 */
public final class Authentication implements SecurityPolicyHandler {
  private static final Set<String> PUBLIC = Set.of("/health", "/ready", "/metrics", "/openapi.yaml");
  private static final String PREFIX = "Bearer ";

  private final Tokens tokens;

  public Authentication(Tokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (PUBLIC.contains(ctx.normalizedPath())) {
      ctx.next();
      return;
    }
    String token = bearer(ctx);
    if (token == null) {
      ctx.fail(unauthorized("send Authorization: Bearer <token>"));
      return;
    }
    ctx.request().pause(); // the body handler comes next and must not miss what arrives meanwhile
    tokens.authenticate(token).onComplete(found -> {
      if (found.failed()) {
        ctx.fail(found.cause());
      } else if (found.result().isEmpty()) {
        ctx.fail(unauthorized("the bearer token is not valid"));
      } else {
        ctx.put(Principal.CONTEXT_KEY, found.result().get());
        ctx.next();
      }
    });
  }

  /** The token of {@code Authorization: Bearer <token>}, or null when the request has none. */
  public static String bearer(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return null;
    }
    return header.substring(PREFIX.length()).trim();
  }

  /** Lets the request on only if its caller holds one of {@code roles} (or is an admin); 403 otherwise. */
  public static Handler<RoutingContext> requireAny(Role... roles) {
    return ctx -> {
      Principal principal = ctx.get(Principal.CONTEXT_KEY);
      if (principal.mayAct(roles)) {
        ctx.next();
      } else {
        ctx.fail(new Problem(ProblemType.FORBIDDEN, principal.user() + " needs the role "
            + String.join(" or ", java.util.Arrays.stream(roles).map(Role::wire).toList()) + " for this").exception());
      }
    };
  }

  private static RuntimeException unauthorized(String detail) {
    return new Problem(ProblemType.UNAUTHORIZED, detail).exception();
  }
}
