package io.axon.deploy.engine.http;

import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemException;
import io.axon.deploy.common.error.ProblemType;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every failure of a request as RFC 9457 problem+json: our own problems as they are, the rest mapped by status. */
final class Problems {
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

  private Problems() {
  }

  /** After the routes: 405 with {@code Allow} for known paths, 404 for the rest, problem+json for every failure. */
  static void install(Router router, String versionPath) {
    notAllowed(router, "/health", "GET");
    notAllowed(router, "/info", "GET");
    notAllowed(router, versionPath, "PUT, DELETE");
    notAllowed(router, versionPath + "/executions", "POST");
    router.route().last().handler(ctx -> send(ctx, new Problem(ProblemType.NOT_FOUND,
        "this engine has no " + ctx.request().method() + " " + ctx.request().path())));
    router.route().failureHandler(Problems::failure);
  }

  private static void notAllowed(Router router, String path, String allow) {
    router.route(path).handler(ctx -> {
      ctx.response().putHeader("Allow", allow);
      send(ctx, new Problem(ProblemType.METHOD_NOT_ALLOWED, ctx.request().path() + " answers " + allow));
    });
  }

  private static void failure(RoutingContext ctx) {
    Throwable cause = ctx.failure();
    if (cause instanceof ProblemException problem) {
      send(ctx, problem.problem());
      return;
    }
    int status = ctx.statusCode();
    if (status >= 400 && status < 500) {
      send(ctx, new Problem(ProblemType.ofStatus(status), status == 413
          ? "the body is larger than this engine accepts" : "the request cannot be served (" + status + ")"));
      return;
    }
    if (cause instanceof io.vertx.core.http.HttpClosedException) { // the caller went away: nothing of ours failed
      LOG.debug("{} {}: the caller closed the connection", ctx.request().method(), ctx.request().path());
      return;
    }
    LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), cause);
    send(ctx, new Problem(ProblemType.INTERNAL, "the engine failed to serve this request; its log has the cause"));
  }

  static void send(RoutingContext ctx, Problem problem) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(problem.status()).putHeader("Content-Type", "application/problem+json")
        .end(problem.toJson().toBuffer());
  }
}
