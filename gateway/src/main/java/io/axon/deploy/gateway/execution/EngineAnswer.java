package io.axon.deploy.gateway.execution;

import static io.axon.deploy.gateway.execution.Forwarding.JSON;
import static io.axon.deploy.gateway.execution.Forwarding.ONE_WRITE_BYTES;

import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.monitor.ExecutionOutcome;
import io.axon.deploy.common.monitor.InstanceView;
import io.axon.deploy.gateway.routing.Target;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * An engine's answer to one execution, turned into the caller's (DESIGN §3): a success copied back
 * with the routing headers, a failed workflow as a 502 naming the execution, version and node, a
 * refusal of the caller's request as the engine worded it, anything else as a 502. Each ends by
 * telling {@code finish} how the execution went, with the node that failed when the engine named one.
 */
final class EngineAnswer {
  /** How an execution went, and for a failed workflow the node that failed (the monitor counts errors by node). */
  interface Finish {
    void accept(ExecutionOutcome outcome, Optional<String> node);

    default void accept(ExecutionOutcome outcome) {
      accept(outcome, Optional.empty());
    }
  }

  private static final CharSequence EXECUTION_STATUS = HttpHeaders.createOptimized("X-Axon-Execution-Status");
  private static final CharSequence VERSION = HttpHeaders.createOptimized("X-Axon-Version");
  private static final CharSequence INSTANCE = HttpHeaders.createOptimized("X-Axon-Instance");
  private static final CharSequence DEPLOYMENT = HttpHeaders.createOptimized("X-Axon-Deployment");

  private final HttpServerRequest request;
  private final Target target;
  private final InstanceView instance;
  private final Finish finish;

  EngineAnswer(HttpServerRequest request, Target target, InstanceView instance, Finish finish) {
    this.request = request;
    this.target = target;
    this.instance = instance;
    this.finish = finish;
  }

  void handle(HttpClientResponse response) {
    int status = response.statusCode();
    CharSequence outcome = response.getHeader(EXECUTION_STATUS);
    if (status == 200 && outcome != null && "succeeded".contentEquals(outcome)) {
      relay(response);
    } else if (status == 200) {
      response.body().onComplete(read -> workflowFailed(read.succeeded() ? read.result() : Buffer.buffer()));
    } else if (status < 500) {
      response.body().onComplete(read -> {
        finish.accept(ExecutionOutcome.REJECTED);
        passOn(status, response.getHeader(HttpHeaders.CONTENT_TYPE), read.succeeded() ? read.result() : Buffer.buffer());
      });
    } else {
      response.body().onComplete(read -> failed(new Problem(ProblemType.ENGINE_FAILED, "instance "
          + instance.instanceId() + " failed with " + status)));
    }
  }

  /** Copies a successful answer back as it streams, with the routing headers. */
  private void relay(HttpClientResponse response) {
    HttpServerResponse reply = request.response();
    if (reply.closed()) {
      response.request().reset();
      finish.accept(ExecutionOutcome.SUCCEEDED);
      return;
    }
    reply.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .putHeader(VERSION, target.version()).putHeader(INSTANCE, instance.instanceId());
    target.deploymentId().ifPresent(id -> reply.putHeader(DEPLOYMENT, id));
    String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && length.length() < 6 && Integer.parseInt(length) <= ONE_WRITE_BYTES) {
      response.body().onComplete(read -> {
        finish.accept(read.succeeded() ? ExecutionOutcome.SUCCEEDED : ExecutionOutcome.ERROR);
        if (reply.closed()) {
          return;
        }
        if (read.succeeded()) {
          reply.end(read.result());
        } else {
          reply.reset();
        }
      });
      return;
    }
    if (length != null) {
      reply.putHeader(HttpHeaders.CONTENT_LENGTH, length);
    } else {
      reply.setChunked(true);
    }
    response.handler(chunk -> {
      if (!reply.closed()) {
        reply.write(chunk);
      }
    });
    response.endHandler(v -> {
      finish.accept(ExecutionOutcome.SUCCEEDED);
      if (!reply.closed()) {
        reply.end();
      }
    });
    response.exceptionHandler(e -> {
      finish.accept(ExecutionOutcome.ERROR);
      if (!reply.closed()) {
        reply.reset();
      }
    });
  }

  /** A 502 naming the execution, the version and the node that failed (DESIGN §3). */
  private void workflowFailed(Buffer answer) {
    JsonObject result;
    try {
      result = answer.toJsonObject();
    } catch (DecodeException | ClassCastException e) {
      result = new JsonObject();
    }
    Object reported = result.getValue("error");
    String node = reported instanceof JsonObject named && named.getValue("node") instanceof String id ? id : null;
    finish.accept(ExecutionOutcome.FAILED, Optional.ofNullable(node)); // counted before anything else can throw
    JsonObject error = result.getJsonObject("error", new JsonObject());
    Problem problem = new Problem(ProblemType.EXECUTION_FAILED, "execution " + result.getString("executionId")
        + " of " + target.workflow() + " " + target.version() + " failed" + (node == null ? "" : " at node '" + node + "'")
        + ": " + error.getString("message", "no reason given"));
    respond(502, problem.toJson()
        .put("instance", request.path())
        .put("executionId", result.getString("executionId"))
        .put("workflow", target.workflow())
        .put("version", target.version())
        .put("node", node)
        .put("error", error)
        .put("durationMs", result.getValue("durationMs")));
  }

  void failed(Problem problem) {
    finish.accept(ExecutionOutcome.ERROR);
    respond(problem.status(), problem.toJson().put("instance", request.path()).put("version", target.version()));
  }

  private void respond(int status, JsonObject problem) {
    HttpServerResponse reply = request.response();
    if (reply.closed() || reply.ended()) {
      return;
    }
    reply.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
        .putHeader(VERSION, target.version()).putHeader(INSTANCE, instance.instanceId());
    target.deploymentId().ifPresent(id -> reply.putHeader(DEPLOYMENT, id));
    reply.end(problem.toBuffer());
  }

  /** The engine's refusal of the caller's request (400, 413, 422), as the engine worded it. */
  private void passOn(int status, String contentType, Buffer answer) {
    HttpServerResponse reply = request.response();
    if (reply.closed() || reply.ended()) {
      return;
    }
    reply.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, contentType == null ? "application/problem+json" : contentType)
        .putHeader(VERSION, target.version()).putHeader(INSTANCE, instance.instanceId())
        .end(answer);
  }
}
