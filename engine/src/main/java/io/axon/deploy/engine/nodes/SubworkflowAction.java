package io.axon.deploy.engine.nodes;

import io.axon.deploy.common.semver.InvalidVersionException;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.common.semver.VersionRange;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code subworkflow}: executes {@code workflow} in this engine's environment through the gateway
 * ({@code POST {gateway}/api/v1/environments/{env}/workflows/{key}/executions} with {@code {input}},
 * the configured bearer token and the call depth), and outputs the sub-execution's {@code output}.
 * The gateway picks the version by its routing table; when {@code version} (an npm range) is given,
 * it is sent as {@code X-Axon-Version-Range} and the version that answered ({@code X-Axon-Version})
 * must satisfy it. Any answer but 200 fails the node with the gateway's detail.
 */
final class SubworkflowAction implements NodeAction {
  static final String RANGE_HEADER = "X-Axon-Version-Range";
  private final WebClient client;
  private final Gateway gateway;

  SubworkflowAction(WebClient client, Gateway gateway) {
    this.client = client;
    this.gateway = gateway;
  }

  @Override
  public Future<NodeOutcome> run(NodeRun run) {
    if (gateway.url().isEmpty()) {
      return Future.failedFuture(new NodeFailure("no gateway to execute subworkflows through: set AXON_GATEWAY_URL"));
    }
    if (run.execution().depth() >= Gateway.MAX_DEPTH) {
      return Future.failedFuture(new NodeFailure("subworkflows nest at most " + Gateway.MAX_DEPTH + " deep"));
    }
    String workflow = String.valueOf(run.config().getValue("workflow"));
    Object wanted = run.config().getValue("version");
    VersionRange range;
    try {
      range = wanted == null ? null : VersionRange.parse(String.valueOf(wanted));
    } catch (InvalidVersionException e) {
      return Future.failedFuture(new NodeFailure("version " + wanted + " is not a range: " + e.getMessage()));
    }
    Object input = run.config().getValue("input", run.input());
    var request = client.postAbs(gateway.url().get() + "/api/v1/environments/"
            + encode(gateway.environment()) + "/workflows/" + encode(workflow) + "/executions")
        .putHeader(Gateway.DEPTH_HEADER, Integer.toString(run.execution().depth() + 1))
        .putHeader("Content-Type", "application/json")
        .timeout(java.util.concurrent.TimeUnit.MINUTES.toMillis(5));
    gateway.token().ifPresent(request::bearerTokenAuthentication);
    if (range != null) {
      request.putHeader(RANGE_HEADER, range.toString());
    }
    String call = "subworkflow " + workflow + " in " + gateway.environment();
    return request.sendBuffer(Buffer.buffer(new JsonObject().put("input", input).encode()))
        .recover(failure -> Future.failedFuture(new NodeFailure(call + " could not reach the gateway: " + failure.getMessage())))
        .compose(response -> answer(call, response, range));
  }

  private static Future<NodeOutcome> answer(String call, HttpResponse<Buffer> response, VersionRange range) {
    JsonObject body = json(response);
    if (response.statusCode() != 200) {
      String detail = body.getString("detail", body.getJsonObject("error", new JsonObject()).getString("message", ""));
      return Future.failedFuture(new NodeFailure(call + " answered " + response.statusCode()
          + (detail.isEmpty() ? "" : ": " + detail)));
    }
    String version = response.getHeader("X-Axon-Version");
    if (range != null && version != null && !satisfies(range, version)) {
      return Future.failedFuture(new NodeFailure(call + " ran version " + version + ", outside " + range));
    }
    return Future.succeededFuture(NodeOutcome.of(body.getValue("output")));
  }

  private static boolean satisfies(VersionRange range, String version) {
    try {
      return range.isSatisfiedBy(SemanticVersion.parse(version));
    } catch (InvalidVersionException e) {
      return false;
    }
  }

  private static JsonObject json(HttpResponse<Buffer> response) {
    try {
      return response.body() == null ? new JsonObject() : response.bodyAsJsonObject();
    } catch (RuntimeException e) {
      return new JsonObject();
    }
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
