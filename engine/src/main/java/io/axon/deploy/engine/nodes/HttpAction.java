package io.axon.deploy.engine.nodes;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.Set;

/**
 * {@code http}: calls {@code url} with {@code method} (GET), {@code headers} and {@code body} (JSON
 * unless it is a string), waiting at most {@code timeoutMs} (10 s) for an answer. Outputs
 * {@code {status, headers, body}}, the body parsed when it is JSON; an answer outside 2xx fails the node.
 */
final class HttpAction implements NodeAction {
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
  private static final long DEFAULT_TIMEOUT_MS = 10_000;
  private final WebClient client;

  HttpAction(WebClient client) {
    this.client = client;
  }

  @Override
  public Future<NodeOutcome> run(NodeRun run) {
    JsonObject config = run.config();
    String method = String.valueOf(config.getValue("method", "GET")).toUpperCase(java.util.Locale.ROOT);
    Object url = config.getValue("url");
    if (!METHODS.contains(method)) {
      return Future.failedFuture(new NodeFailure("method must be one of " + METHODS + ", not " + method));
    }
    if (!(url instanceof String target) || !target.matches("(?i)https?://\\S+")) {
      return Future.failedFuture(new NodeFailure("url must be an http or https URL, not " + url));
    }
    long timeout = Numbers.whole(config.getValue("timeoutMs", DEFAULT_TIMEOUT_MS), "timeoutMs", 1, 300_000);
    HttpRequest<Buffer> request = client.requestAbs(HttpMethod.valueOf(method), target).timeout(timeout);
    if (config.getValue("headers") instanceof JsonObject headers) {
      headers.forEach(header -> request.putHeader(header.getKey(), String.valueOf(header.getValue())));
    }
    return send(request, config.getValue("body"))
        .recover(failure -> Future.failedFuture(new NodeFailure(method + " " + target + " failed: " + failure.getMessage())))
        .compose(response -> answer(method + " " + target, response));
  }

  private static Future<HttpResponse<Buffer>> send(HttpRequest<Buffer> request, Object body) {
    if (body == null) {
      return request.send();
    }
    if (body instanceof String text) {
      return request.sendBuffer(Buffer.buffer(text));
    }
    request.putHeader("Content-Type", "application/json");
    return request.sendBuffer(Buffer.buffer(Json.encode(body)));
  }

  private static Future<NodeOutcome> answer(String call, HttpResponse<Buffer> response) {
    if (response.statusCode() < 200 || response.statusCode() > 299) {
      return Future.failedFuture(new NodeFailure(call + " answered " + response.statusCode()
          + (response.statusMessage() == null ? "" : " " + response.statusMessage())));
    }
    JsonObject headers = new JsonObject();
    response.headers().forEach(header -> headers.put(header.getKey().toLowerCase(java.util.Locale.ROOT), header.getValue()));
    return Future.succeededFuture(NodeOutcome.of(new JsonObject()
        .put("status", response.statusCode())
        .put("headers", headers)
        .put("body", body(response))));
  }

  private static Object body(HttpResponse<Buffer> response) {
    Buffer body = response.body();
    if (body == null || body.length() == 0) {
      return null;
    }
    String type = response.getHeader("Content-Type");
    if (type != null && type.toLowerCase(java.util.Locale.ROOT).contains("json")) {
      try {
        return Json.decodeValue(body);
      } catch (DecodeException e) {
        return body.toString();
      }
    }
    return body.toString();
  }
}
