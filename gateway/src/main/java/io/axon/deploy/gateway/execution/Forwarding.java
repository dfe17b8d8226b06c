package io.axon.deploy.gateway.execution;

import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.monitor.ExecutionOutcome;
import io.axon.deploy.common.monitor.InstanceView;
import io.axon.deploy.gateway.routing.EngineAddress;
import io.axon.deploy.gateway.routing.RoutingView;
import io.axon.deploy.gateway.routing.Target;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One execution on its way to an engine instance and back. The instances of the {@link Target} are
 * tried in turn while none could be reached (no connection: nothing was sent). Once a request has
 * reached an instance it is never sent again, with one exception that cannot run anything twice: an
 * instance that answers 404 does not host the version (it came back empty and is being reloaded), so
 * the body, kept as it streamed by, goes to the next one.
 */
final class Forwarding {
  static final CharSequence ROUTING_KEY = HttpHeaders.createOptimized("X-Axon-Routing-Key");
  static final CharSequence PREVIEW = HttpHeaders.createOptimized("X-Axon-Preview");
  private static final CharSequence CALL_DEPTH = HttpHeaders.createOptimized("X-Axon-Call-Depth");
  static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  private static final long SUSPECT_MS = 3_000;
  private static final long IDLE_TIMEOUT_MS = 120_000;
  /**
   * Bodies up to this size (most executions) travel in one write each way, head and body together:
   * streaming them chunk by chunk cost a flush and a syscall more per request, measured. Larger ones stream.
   */
  static final int ONE_WRITE_BYTES = 16 * 1024;

  private final HttpServerRequest request;
  private final Target target;
  private final HttpClient engines;
  private final RoutingView routing;
  private final ExecutionLog log;
  private final long maxBodyBytes;
  private final long started;
  private final List<Buffer> body = new ArrayList<>(1);
  private final String uri;
  private int next;
  private long bodyBytes;
  private boolean bodyStarted;
  private boolean bodyEnded;
  private boolean recorded;
  /** The body is small enough to go in the same write as the request head (one syscall, not two). */
  private boolean whole;
  private HttpClientRequest current;
  private InstanceView instance;

  Forwarding(HttpServerRequest request, Target target, HttpClient engines, RoutingView routing, ExecutionLog log,
      long maxBodyBytes, long started) {
    this.request = request;
    this.target = target;
    this.engines = engines;
    this.routing = routing;
    this.log = log;
    this.maxBodyBytes = maxBodyBytes;
    this.started = started;
    this.uri = target.enginePath();
  }

  /** Tries the next instance; a 503 when none is left. */
  void send() {
    if (next >= target.instances().size()) {
      finish(ExecutionOutcome.ERROR);
      ExecutionProxy.refuse(request, new Problem(ProblemType.UNAVAILABLE, "no engine instance hosting version "
          + target.version() + " of " + target.workflow() + " in " + target.environment() + " could be reached"));
      return;
    }
    EngineAddress address = target.instances().get(next++);
    instance = address.instance();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setServer(address.server())
        .setHost(address.host()).setPort(address.port()).setURI(uri).setIdleTimeout(IDLE_TIMEOUT_MS);
    engines.request(options).onComplete(connected -> {
      if (connected.failed()) {
        routing.suspect(instance, SUSPECT_MS); // never reached: safe to try the next one
        send();
      } else {
        stream(connected.result());
      }
    });
  }

  private void stream(HttpClientRequest out) {
    current = out;
    out.exceptionHandler(failure -> { }); // its failures reach us through out.response() below; unhandled, Vert.x logs them as errors
    out.putHeader(HttpHeaders.CONTENT_TYPE, JSON);
    String depth = request.getHeader(CALL_DEPTH);
    if (depth != null) {
      out.putHeader(CALL_DEPTH, depth);
    }
    String requestId = request.getHeader(ExecutionProxy.REQUEST_ID);
    if (requestId != null) {
      out.putHeader(ExecutionProxy.REQUEST_ID, requestId);
    }
    out.response().onComplete(answer -> {
      if (answer.failed()) {
        failed(new Problem(ProblemType.ENGINE_FAILED, "instance " + instance.instanceId() + " did not answer: "
            + answer.cause().getMessage()));
      } else {
        answered(answer.result());
      }
    });
    if (!bodyStarted) {
      bodyStarted = true;
      String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
      if (length == null && request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null) {
        length = "0"; // neither header: HTTP/1.1 says the request has no body
      }
      if (length != null) {
        out.putHeader(HttpHeaders.CONTENT_LENGTH, length);
      } else {
        out.setChunked(true);
      }
      whole = length != null && length.length() < 6 && Integer.parseInt(length) <= ONE_WRITE_BYTES;
      request.handler(this::chunk);
      request.endHandler(v -> {
        bodyEnded = true;
        if (whole) {
          current.end(body.size() == 1 ? body.get(0) : joined());
        } else {
          current.end();
        }
      });
      request.resume();
    } else {
      out.end(joined());
    }
  }

  private Buffer joined() {
    Buffer joined = Buffer.buffer((int) bodyBytes);
    body.forEach(joined::appendBuffer);
    return joined;
  }

  private void chunk(Buffer chunk) {
    bodyBytes += chunk.length();
    if (bodyBytes > maxBodyBytes) {
      finish(ExecutionOutcome.REJECTED);
      // answered before the engine's request is reset: the reset fails its answer, which must find ours sent
      ExecutionProxy.refuse(request, new Problem(ProblemType.TOO_LARGE, "the body is larger than " + maxBodyBytes + " bytes"));
      current.reset();
      return;
    }
    body.add(chunk);
    if (!whole) {
      current.write(chunk);
    }
  }

  private void answered(HttpClientResponse response) {
    if (response.statusCode() == 404 && bodyEnded && next < target.instances().size()) {
      response.body().onComplete(drained -> send()); // not hosted there: nothing ran, the next host gets it
    } else {
      new EngineAnswer(request, target, instance, this::finish).handle(response);
    }
  }

  private void failed(Problem problem) {
    new EngineAnswer(request, target, instance, this::finish).failed(problem);
  }

  private void finish(ExecutionOutcome outcome) {
    finish(outcome, Optional.empty());
  }

  /** Records how the execution went, once; {@code node} is the node that failed, when the engine named it. */
  private void finish(ExecutionOutcome outcome, Optional<String> node) {
    if (recorded) {
      return;
    }
    recorded = true;
    log.record(target.environment(), target.workflow(), target.version(), target.deploymentId(),
        instance == null ? "" : instance.instanceId(), outcome, (System.nanoTime() - started) / 1_000,
        System.currentTimeMillis(), node);
  }
}
