package io.axon.deploy.engine.http;

import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.engine.EngineState;
import io.axon.deploy.engine.LoadedWorkflow;
import io.axon.deploy.engine.WorkflowHost;
import io.axon.deploy.engine.nodes.Gateway;
import io.axon.deploy.engine.run.ExecutionResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.axon.deploy.engine.RequestBodies;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The engine contract (DESIGN §6) over HTTP. Every refusal is problem+json ({@link Problems});
 * an execution answers 200 whether the workflow succeeded or failed, with the outcome in the body's
 * {@code status} and in the header {@value #STATUS_HEADER}, so that a proxy can tell without
 * parsing the body (as AWS Lambda's {@code X-Amz-Function-Error} does).
 */
public final class EngineRoutes {
  public static final String STATUS_HEADER = "X-Axon-Execution-Status";
  public static final String INSTANCE_HEADER = "X-Axon-Instance";
  private static final String VERSION_PATH = "/workflows/:key/versions/:version";
  private final EngineState state;
  private final WorkflowHost host;

  public EngineRoutes(EngineState state, WorkflowHost host) {
    this.state = state;
    this.host = host;
  }

  public Router router(Vertx vertx, long maxBodyBytes) {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes));
    router.get("/health").handler(ctx -> json(ctx, 200, new HealthReport(state).toJson()));
    router.get("/info").handler(ctx -> json(ctx, 200, new InfoReport(state).toJson()));
    router.put(VERSION_PATH).handler(this::load);
    router.delete(VERSION_PATH).handler(this::unload);
    router.post(VERSION_PATH + "/executions").handler(this::execute);
    Problems.install(router, VERSION_PATH);
    return router;
  }

  private void load(RoutingContext ctx) {
    host.load(ctx.pathParam("key"), ctx.pathParam("version"), ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer())
        .onSuccess(created -> {
          LoadedWorkflow loaded = host.find(ctx.pathParam("key"), ctx.pathParam("version"));
          json(ctx, created ? 201 : 200, loaded.toJson());
        })
        .onFailure(ctx::fail);
  }

  private void unload(RoutingContext ctx) {
    boolean was = host.unload(ctx.pathParam("key"), ctx.pathParam("version"));
    ctx.response().putHeader("X-Axon-Was-Loaded", Boolean.toString(was)).setStatusCode(204).end();
  }

  private void execute(RoutingContext ctx) {
    LoadedWorkflow workflow = host.find(ctx.pathParam("key"), ctx.pathParam("version"));
    JsonObject body = ctx.body().length() <= 0 ? new JsonObject() : RequestBodies.object(ctx.body().buffer());
    Object input = body.getValue("input", new JsonObject());
    if (!(input instanceof JsonObject object)) {
      throw Problem.at(ProblemType.MALFORMED, "/input", "input must be a JSON object");
    }
    Future<ExecutionResult> result = host.execute(workflow, object, depth(ctx));
    result.onSuccess(outcome -> {
      ctx.response().putHeader(STATUS_HEADER, outcome.status()).putHeader(INSTANCE_HEADER, state.instanceId())
          .putHeader("X-Axon-Version", workflow.version());
      json(ctx, 200, outcome.toJson().put("workflow", workflow.workflow()).put("version", workflow.version()));
    }).onFailure(ctx::fail);
  }

  private static int depth(RoutingContext ctx) {
    String header = ctx.request().getHeader(Gateway.DEPTH_HEADER);
    if (header == null) {
      return 0;
    }
    if (!header.matches("\\d{1,3}")) {
      throw Problem.at(ProblemType.MALFORMED, "header/" + Gateway.DEPTH_HEADER, "must be a whole number of calls");
    }
    return Integer.parseInt(header);
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toBuffer());
  }
}
