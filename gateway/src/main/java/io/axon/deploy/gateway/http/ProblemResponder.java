package io.axon.deploy.gateway.http;

import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.common.error.ProblemException;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.gateway.http.Operations.Operation;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where every failure becomes an RFC 9457 problem+json response. */
public final class ProblemResponder implements Handler<RoutingContext> {
  public static final String CONTENT_TYPE = "application/problem+json";
  private static final Logger LOG = LoggerFactory.getLogger(ProblemResponder.class);

  private final Diagnosis diagnosis;
  private final int maxBodyBytes;

  public ProblemResponder(Diagnosis diagnosis, int maxBodyBytes) {
    this.diagnosis = diagnosis;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.response().ended() || ctx.response().headWritten()) {
      return;
    }
    Operation operation = RequestCheck.operation(ctx);
    if (rootOf(ctx.failure()) instanceof ValidatorException && operation != null) {
      // the contract refused the request: say everything that is wrong with it, not the first thing
      diagnosis.explain(ctx, operation).onComplete(explained -> send(ctx,
          explained.succeeded() && !explained.result().errors().isEmpty() ? explained.result() : problem(ctx)));
      return;
    }
    send(ctx, problem(ctx));
  }

  /** Sends {@code problem}, its error paths naming what the caller sent, with at least one error. */
  public static void send(RoutingContext ctx, Problem problem) {
    problem = withErrors(CommandLocations.locate(problem, RequestCheck.operation(ctx)));
    JsonObject body = problem.toJson()
        .put("instance", ctx.request().path())
        .put("requestId", RequestLog.id(ctx));
    if (problem.type() == ProblemType.UNAUTHORIZED) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"axon\"");
    }
    if (!ctx.request().isEnded()) {
      // refused before its body was read (401, 413): drop the rest and the connection with it
      ctx.request().resume();
      ctx.response().putHeader("Connection", "close");
    }
    ctx.response().setStatusCode(problem.status()).putHeader("Content-Type", CONTENT_TYPE).end(body.encode());
  }

  /**
   * Every 4xx names where the problem lies: the header for authentication and negotiation, the
   * whole request ({@code ""}) when nothing more precise is known.
   */
  private static Problem withErrors(Problem problem) {
    if (!problem.errors().isEmpty() || problem.status() >= 500) {
      return problem;
    }
    String path = switch (problem.status()) {
      case 401, 403 -> "header/Authorization";
      case 406 -> "header/Accept";
      case 415 -> "header/Content-Type";
      case 412, 428 -> "header/If-Match";
      default -> "";
    };
    return new Problem(problem.type(), problem.detail(), List.of(new FieldError(path, problem.detail())));
  }

  private Problem problem(RoutingContext ctx) {
    Throwable failure = rootOf(ctx.failure());
    if (failure instanceof io.vertx.core.http.ConnectionPoolTooBusyException) {
      return new Problem(ProblemType.UNAVAILABLE, "the gateway is saturated; retry shortly");
    }
    if (failure instanceof ProblemException known) {
      return known.problem();
    }
    if (failure instanceof SchemaValidationException invalid) {
      return new Problem(ProblemType.MALFORMED, invalid.getMessage(), errors(invalid.getOutputUnit()));
    }
    if (failure instanceof ValidatorException invalid) {
      return new Problem(ProblemType.MALFORMED, invalid.getMessage());
    }
    int status = ctx.statusCode();
    return switch (status) {
      case 404 -> new Problem(ProblemType.NOT_FOUND, "no resource at " + ctx.request().path());
      case 405 -> new Problem(ProblemType.METHOD_NOT_ALLOWED, ctx.request().method() + " is not allowed on " + ctx.request().path());
      case 413 -> new Problem(ProblemType.TOO_LARGE, "the request body is larger than the " + maxBodyBytes
          + " bytes this API accepts (AXON_MAX_BODY_BYTES)");
      case 415 -> new Problem(ProblemType.UNSUPPORTED_MEDIA_TYPE, "send JSON with Content-Type: application/json");
      case -1, 500 -> unexpected(ctx, failure);
      default -> new Problem(ProblemType.ofStatus(status), failure == null ? null : failure.getMessage());
    };
  }

  /** The validator's or a service's own failure, when a framework wrapped it. */
  private static Throwable rootOf(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ProblemException || t instanceof ValidatorException) {
        return t;
      }
    }
    return failure;
  }

  private static Problem unexpected(RoutingContext ctx, Throwable failure) {
    LOG.error("[{}] {} {} failed", RequestLog.id(ctx), ctx.request().method(), ctx.request().path(), failure);
    return new Problem(ProblemType.INTERNAL, "the request failed unexpectedly; quote request id " + RequestLog.id(ctx));
  }

  /**
   * The validator's errors, without its wrappers ("Property x does not match schema") where a
   * more precise error names the same path.
   */
  private static List<FieldError> errors(OutputUnit unit) {
    List<FieldError> errors = new ArrayList<>();
    collect(unit, errors);
    List<FieldError> precise = errors.stream().filter(e -> !isWrapper(e)).toList();
    return errors.stream()
        .filter(e -> !isWrapper(e) || precise.stream().noneMatch(p -> p.path().equals(e.path())))
        .distinct()
        .toList();
  }

  private static boolean isWrapper(FieldError error) {
    return error.message().startsWith("Property \"") && error.message().contains("does not match");
  }

  private static void collect(OutputUnit unit, List<FieldError> errors) {
    if (unit == null) {
      return;
    }
    if (unit.getError() != null) {
      String at = unit.getInstanceLocation() == null ? "" : unit.getInstanceLocation().replaceFirst("^#", "");
      errors.add(new FieldError(at, unit.getError()));
    }
    if (unit.getErrors() != null) {
      unit.getErrors().forEach(child -> collect(child, errors));
    }
  }
}
