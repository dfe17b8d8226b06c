package io.axon.deploy.engine.http;

import static io.axon.deploy.engine.Definitions.set;
import static io.axon.deploy.engine.Definitions.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.engine.EngineSettings;
import io.axon.deploy.engine.Engines;
import io.axon.deploy.engine.nodes.Gateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real engine instance on 127.0.0.1 and a real HTTP client; a fake gateway and a fake service it
 * calls, each a small HTTP server. Every answer to bad client input is a 4xx with problem+json.
 */
class EngineHttpTest {
  private static Vertx vertx;
  private static Vertx clientVertx;
  private static WebClient http;
  private static FakeServer gateway;
  private static FakeServer service;
  private static final java.util.List<String> GATEWAY_CALLS = new CopyOnWriteArrayList<>();
  private static Engines.RunningEngine engine;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    clientVertx = Vertx.vertx();
    gateway = FakeServer.start(clientVertx, request -> request.body().onSuccess(body -> {
      GATEWAY_CALLS.add(request.method() + " " + request.path() + " " + request.getHeader("Authorization") + " "
          + request.getHeader(Gateway.DEPTH_HEADER) + " " + request.getHeader("X-Axon-Version-Range") + " " + body);
      boolean failing = request.path().contains("/broken/");
      request.response().setStatusCode(failing ? 502 : 200).putHeader("X-Axon-Version", "1.4.0")
          .end(failing ? new JsonObject().put("status", 502).put("detail", "node boom failed").encode()
              : new JsonObject().put("status", "succeeded").put("output", new JsonObject().put("charged",
                  body.toJsonObject().getJsonObject("input").getValue("amount"))).encode());
    }));
    service = FakeServer.start(clientVertx, request -> request.response()
        .setStatusCode(request.path().equals("/down") ? 503 : 200).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("path", request.path()).put("auth", request.getHeader("X-Key")).encode()));
    engine = Engines.start(vertx, new EngineSettings("dev-test-1", "development", "127.0.0.1", "127.0.0.1", 0, 1,
        new Gateway(Optional.of(gateway.url()), Optional.of("engine-token"), "development"), 1024 * 1024,
        Optional.empty(), "AXON_ENGINE_PORT")).await();
    http = WebClient.create(clientVertx);
  }

  @AfterAll
  static void stop() {
    http.close();
    vertx.close().await();
    gateway.close();
    service.close();
    clientVertx.close().await();
  }

  private static HttpResponse<Buffer> send(HttpMethod method, String path, Object body) {
    var request = http.request(method, engine.instance().port(), "127.0.0.1", path);
    return (body == null ? request.send() : request.sendBuffer(Buffer.buffer(body.toString()))).await();
  }

  private static HttpResponse<Buffer> load(String key, String version, JsonObject definition) {
    return send(HttpMethod.PUT, "/workflows/" + key + "/versions/" + version, definition.encode());
  }

  private static HttpResponse<Buffer> execute(String key, String version, JsonObject input) {
    return send(HttpMethod.POST, "/workflows/" + key + "/versions/" + version + "/executions",
        new JsonObject().put("input", input).encode());
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("type")).startsWith("https://axon.dev/problems/");
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("detail")).isNotBlank();
  }

  @Test
  void loadExecuteAndUnloadAVersionIdempotently() {
    JsonObject definition = workflow().node("enrich", "transform", set("status", "ok {{ input.orderId }}"))
        .connect("start", "enrich").json();
    assertThat(load("orders", "1.0.0", definition).statusCode()).isEqualTo(201);
    HttpResponse<Buffer> again = load("orders", "1.0.0", definition);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject().getString("digest")).startsWith("sha256:");

    HttpResponse<Buffer> executed = execute("orders", "1.0.0", new JsonObject().put("orderId", "A1"));
    assertThat(executed.statusCode()).isEqualTo(200);
    assertThat(executed.getHeader(EngineRoutes.STATUS_HEADER)).isEqualTo("succeeded");
    assertThat(executed.getHeader(EngineRoutes.INSTANCE_HEADER)).isEqualTo("dev-test-1");
    JsonObject body = executed.bodyAsJsonObject();
    assertThat(body.getString("executionId")).isNotBlank();
    assertThat(body.getString("status")).isEqualTo("succeeded");
    assertThat(body.getJsonObject("output")).isEqualTo(new JsonObject().put("status", "ok A1"));
    assertThat(body.containsKey("error")).isTrue();
    assertThat(body.getLong("durationMs")).isNotNull();

    assertThat(send(HttpMethod.DELETE, "/workflows/orders/versions/1.0.0", null).statusCode()).isEqualTo(204);
    assertThat(send(HttpMethod.DELETE, "/workflows/orders/versions/1.0.0", null).statusCode()).isEqualTo(204);
    assertProblem(execute("orders", "1.0.0", new JsonObject()), 404);
  }

  @Test
  void aFailedWorkflowAnswers200WithStatusFailedAndTheNode() {
    load("flaky", "2.0.0", workflow().node("boom", "fail", new JsonObject().put("message", "on purpose"))
        .connect("start", "boom").json());
    HttpResponse<Buffer> executed = execute("flaky", "2.0.0", new JsonObject());
    assertThat(executed.statusCode()).isEqualTo(200);
    assertThat(executed.getHeader(EngineRoutes.STATUS_HEADER)).isEqualTo("failed");
    JsonObject body = executed.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("failed");
    assertThat(body.getJsonObject("error")).isEqualTo(new JsonObject().put("type", "node-failed").put("node", "boom")
        .put("message", "node boom (fail) failed: on purpose"));
  }

  @Test
  void inputThatBreaksTheInputSchemaIsRefusedWith422AtItsPath() {
    load("typed", "1.0.0", workflow().inputSchema(new JsonObject().put("type", "object").put("required", new JsonArray().add("orderId"))
        .put("properties", new JsonObject().put("orderId", new JsonObject().put("type", "string")))).json());
    assertThat(execute("typed", "1.0.0", new JsonObject().put("orderId", "A1")).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> refused = execute("typed", "1.0.0", new JsonObject().put("orderId", 7));
    assertProblem(refused, 422);
    assertThat(refused.bodyAsJsonObject().getJsonArray("errors").encode()).contains("/input/orderId");
    assertProblem(execute("typed", "1.0.0", new JsonObject()), 422);
  }

  @Test
  void badRequestsGetProblemDetailsAndNever5xx() {
    assertProblem(send(HttpMethod.PUT, "/workflows/w/versions/1.0.0", "{not json"), 400);
    assertProblem(send(HttpMethod.PUT, "/workflows/w/versions/1.0.0", "[]"), 400);
    assertProblem(send(HttpMethod.PUT, "/workflows/w/versions/one", workflow().json()), 400);
    assertProblem(send(HttpMethod.PUT, "/workflows/w%20x/versions/1.0.0", workflow().json()), 400);
    HttpResponse<Buffer> invalid = load("w", "1.0.0", workflow().node("x", "teleport", new JsonObject()).json());
    assertProblem(invalid, 422);
    assertThat(invalid.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("path")).isEqualTo("/nodes/1/type");
    load("w", "1.0.0", workflow().json());
    assertProblem(send(HttpMethod.POST, "/workflows/w/versions/1.0.0/executions", "{\"input\": 3}"), 400);
    assertProblem(send(HttpMethod.POST, "/workflows/w/versions/1.0.0/executions", "nope"), 400);
    assertProblem(send(HttpMethod.POST, "/workflows/unknown/versions/1.0.0/executions", "{}"), 404);
    assertProblem(send(HttpMethod.GET, "/nowhere", null), 404);
    HttpResponse<Buffer> wrongMethod = send(HttpMethod.POST, "/workflows/w/versions/1.0.0", "{}");
    assertProblem(wrongMethod, 405);
    assertThat(wrongMethod.getHeader("Allow")).isEqualTo("PUT, DELETE");
    assertProblem(send(HttpMethod.PUT, "/workflows/w/versions/1.0.0", "{\"nodes\":\"" + "x".repeat(1024 * 1024) + "\"}"), 413);
  }

  @Test
  void healthAndInfoDescribeTheInstance() {
    JsonObject health = send(HttpMethod.GET, "/health", null).bodyAsJsonObject();
    assertThat(health.getString("status")).isEqualTo("healthy");
    assertThat(health.getInteger("score")).isEqualTo(100);
    assertThat(health.getJsonObject("checks").fieldNames()).containsExactlyInAnyOrder("engine", "database", "externalServices");
    JsonObject info = send(HttpMethod.GET, "/info", null).bodyAsJsonObject();
    assertThat(info.getString("instanceId")).isEqualTo("dev-test-1");
    assertThat(info.getString("environment")).isEqualTo("development");
    assertThat(info.getJsonObject("nodeTypes").getMap()).containsEntry("http", "1.0.0").containsEntry("subworkflow", "1.0.0")
        .hasSize(8);
    assertThat(info.getJsonObject("libraries").getString("vertx")).startsWith("5.");
    assertThat(info.getJsonObject("services").getMap()).containsKey("gateway");
  }

  @Test
  void httpNodesCallOutAndANon2xxAnswerFailsTheNode() {
    load("calls", "1.0.0", workflow()
        .node("get", "http", new JsonObject().put("url", service.url() + "/orders/{{ input.id }}")
            .put("headers", new JsonObject().put("X-Key", "k-{{ input.id }}")))
        .node("use", "transform", set("seen", "{{ nodes.get.output.body.path }}"))
        .connect("start", "get").connect("get", "use").json());
    JsonObject ok = execute("calls", "1.0.0", new JsonObject().put("id", "A7")).bodyAsJsonObject();
    assertThat(ok.getJsonObject("output")).isEqualTo(new JsonObject().put("seen", "/orders/A7"));
    load("down", "1.0.0", workflow().node("get", "http", new JsonObject().put("url", service.url() + "/down"))
        .connect("start", "get").json());
    JsonObject failed = execute("down", "1.0.0", new JsonObject()).bodyAsJsonObject();
    assertThat(failed.getJsonObject("error").getString("node")).isEqualTo("get");
    assertThat(failed.getJsonObject("error").getString("message")).contains("answered 503");
  }

  @Test
  void subworkflowsRunThroughTheGatewayWithTheTokenAndDepth() {
    load("parent", "1.0.0", workflow()
        .node("child", "subworkflow", new JsonObject().put("workflow", "billing").put("version", "^1.2.0")
            .put("input", new JsonObject().put("amount", "{{ input.amount }}")))
        .connect("start", "child").json());
    JsonObject result = execute("parent", "1.0.0", new JsonObject().put("amount", 12)).bodyAsJsonObject();
    assertThat(result.getJsonObject("output")).isEqualTo(new JsonObject().put("charged", 12));
    assertThat(GATEWAY_CALLS).contains("POST /api/v1/environments/development/workflows/billing/executions"
        + " Bearer engine-token 1 ^1.2.0 {\"input\":{\"amount\":12}}");

    load("parent", "1.1.0", workflow().node("child", "subworkflow", new JsonObject().put("workflow", "broken"))
        .connect("start", "child").json());
    JsonObject failed = execute("parent", "1.1.0", new JsonObject()).bodyAsJsonObject();
    assertThat(failed.getJsonObject("error").getString("message")).contains("answered 502: node boom failed");

    load("parent", "1.2.0", workflow().node("child", "subworkflow", new JsonObject().put("workflow", "billing").put("version", "^2.0.0"))
        .connect("start", "child").json());
    assertThat(execute("parent", "1.2.0", new JsonObject()).bodyAsJsonObject().getJsonObject("error").getString("message"))
        .contains("ran version 1.4.0, outside ^2.0.0");
  }

  @Test
  void aLargeDefinitionLoadsAndRuns() {
    var chain = workflow();
    for (int i = 0; i < 2_000; i++) {
      chain.node("n" + i, "log", new JsonObject()).connect(i == 0 ? "start" : "n" + (i - 1), "n" + i);
    }
    assertThat(load("long", "1.0.0", chain.json()).statusCode()).isEqualTo(201);
    assertThat(execute("long", "1.0.0", new JsonObject().put("x", 1)).bodyAsJsonObject().getJsonObject("output"))
        .isEqualTo(new JsonObject().put("x", 1));
  }
}
