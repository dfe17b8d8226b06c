package io.axon.deploy.gateway.execution;

import io.axon.deploy.common.bus.Addresses;
import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.bus.RegistryCommands;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemException;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.semver.InvalidVersionException;
import io.axon.deploy.common.semver.VersionRange;
import io.axon.deploy.gateway.auth.Principal;
import io.axon.deploy.gateway.auth.Role;
import io.axon.deploy.gateway.auth.Tokens;
import io.axon.deploy.gateway.routing.RoutingView;
import io.axon.deploy.gateway.routing.Target;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Routed executions (DESIGN §3), the hot path: recognised before the router, so that they pay for
 * no OpenAPI validation, no body buffering and no JSON parsing on the way in. The caller's token is
 * checked against the in-memory token view, the version and instance come from the
 * {@link RoutingView}, and the body is streamed to the engine ({@link Forwarding}).
 */
public final class ExecutionProxy {
  private static final String BEARER = "Bearer ";
  static final CharSequence REQUEST_ID = HttpHeaders.createOptimized("X-Request-Id");
  static final String VERSION_RANGE = "X-Axon-Version-Range";

  private final Tokens tokens;
  private final RoutingView routing;
  private final HttpClient engines;
  private final ExecutionLog log;
  private final BusClient bus;
  private final long maxBodyBytes;

  public ExecutionProxy(Tokens tokens, RoutingView routing, HttpClient engines, ExecutionLog log, BusClient bus,
      long maxBodyBytes) {
    this.tokens = tokens;
    this.routing = routing;
    this.engines = engines;
    this.log = log;
    this.bus = bus;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Handles {@code request} when it is an execution and answers true; false leaves it to the router. */
  public boolean handled(HttpServerRequest request) {
    Optional<ExecutionPath> path = ExecutionPath.of(request);
    if (path.isEmpty()) {
      return false;
    }
    long started = System.nanoTime();
    request.pause();
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      refuse(request, new Problem(ProblemType.UNAUTHORIZED, "send Authorization: Bearer <token>"));
      return true;
    }
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && tooLarge(length)) {
      refuse(request, new Problem(ProblemType.TOO_LARGE, "the body is larger than " + maxBodyBytes + " bytes"));
      return true;
    }
    Future<Optional<Principal>> caller = tokens.authenticate(authorization.substring(BEARER.length()).trim());
    if (caller.isComplete()) {
      authenticated(request, path.get(), caller, started);
    } else {
      caller.onComplete(done -> authenticated(request, path.get(), caller, started));
    }
    return true;
  }

  private void authenticated(HttpServerRequest request, ExecutionPath path, Future<Optional<Principal>> caller,
      long started) {
    if (caller.failed() || caller.result().isEmpty()) {
      refuse(request, caller.failed() ? problem(caller.cause()) : new Problem(ProblemType.UNAUTHORIZED, "the bearer token is not valid"));
      return;
    }
    Principal principal = caller.result().get();
    if (!principal.mayAct(Role.AUTHOR, Role.DEPLOYER, Role.APPROVER)) {
      refuse(request, new Problem(ProblemType.FORBIDDEN, principal.user() + " may read but not execute: executions need"
          + " the role author, deployer, approver or admin"));
      return;
    }
    Target target;
    try {
      target = routing.target(path.environment(), path.workflow(), request.getHeader(Forwarding.ROUTING_KEY),
          "true".equalsIgnoreCase(request.getHeader(Forwarding.PREVIEW)), range(request));
    } catch (ProblemException missed) {
      explainMiss(request, path, missed.problem());
      return;
    }
    new Forwarding(request, target, engines, routing, log, maxBodyBytes, started).send();
  }

  /** The versions a caller accepts ({@code X-Axon-Version-Range}, as a subworkflow node sends it); a 400 for one that is not an npm range. */
  private static Optional<VersionRange> range(HttpServerRequest request) {
    String range = request.getHeader(VERSION_RANGE);
    if (range == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(VersionRange.parse(range));
    } catch (InvalidVersionException e) {
      throw Problem.at(ProblemType.MALFORMED, "header/" + VERSION_RANGE, "not an npm version range: " + e.getMessage());
    }
  }

  /** A 404 for a workflow that does not exist says so, rather than that nothing of it is deployed. */
  private void explainMiss(HttpServerRequest request, ExecutionPath path, Problem problem) {
    if (problem.type() != ProblemType.NOT_FOUND || problem.errors().isEmpty()
        || !problem.errors().get(0).path().equals(RoutingView.NOTHING_DEPLOYED_AT)) {
      refuse(request, problem);
      return;
    }
    bus.request(Addresses.REGISTRY, RegistryCommands.GET_WORKFLOW, new JsonObject().put("workflow", path.workflow()),
            null, null)
        .onComplete(found -> refuse(request, found.failed() && problem(found.cause()).type() == ProblemType.NOT_FOUND
            ? Problem.at(ProblemType.NOT_FOUND, "path/key", "workflow '" + path.workflow() + "' does not exist").problem()
            : problem));
  }

  private boolean tooLarge(String length) {
    try {
      return Long.parseLong(length) > maxBodyBytes;
    } catch (NumberFormatException e) {
      return true;
    }
  }

  static Problem problem(Throwable failure) {
    return failure instanceof ProblemException known ? known.problem()
        : new Problem(ProblemType.UNAVAILABLE, "the gateway could not check the token; retry shortly");
  }

  /**
   * Every refusal names where its cause lies, as the router's refusals do: the routing's own are
   * located where they arise; authentication's lie in its header, anything else in the whole request.
   */
  private static Problem located(Problem problem) {
    if (!problem.errors().isEmpty() || problem.status() >= 500) {
      return problem;
    }
    String at = problem.status() == 401 || problem.status() == 403 ? "header/Authorization" : "";
    return new Problem(problem.type(), problem.detail(), java.util.List.of(new Problem.FieldError(at, problem.detail())));
  }

  /** Answers with {@code problem} and drops whatever body the caller still sends. */
  static void refuse(HttpServerRequest request, Problem problem) {
    if (request.response().ended() || request.response().closed()) {
      return;
    }
    String requestId = request.getHeader(REQUEST_ID);
    if (requestId == null || requestId.length() > 200) {
      requestId = Long.toHexString(ThreadLocalRandom.current().nextLong());
    }
    JsonObject body = located(problem).toJson().put("instance", request.path()).put("requestId", requestId);
    request.response().setStatusCode(problem.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
        .putHeader(REQUEST_ID, requestId);
    if (problem.status() == 401) {
      request.response().putHeader("WWW-Authenticate", "Bearer");
    }
    request.response().end(body.toBuffer());
    request.resume(); // read and drop the rest of the body, so that the connection stays usable
  }
}
