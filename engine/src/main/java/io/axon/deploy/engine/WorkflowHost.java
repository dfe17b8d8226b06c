package io.axon.deploy.engine;

import io.axon.deploy.common.cpu.CpuPool;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.json.CanonicalJson;
import io.axon.deploy.common.semver.InvalidVersionException;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.engine.nodes.ExecutionContext;
import io.axon.deploy.engine.nodes.NodeActions;
import io.axon.deploy.engine.plan.DefinitionException;
import io.axon.deploy.engine.plan.PlanBuilder;
import io.axon.deploy.engine.plan.WorkflowPlan;
import io.axon.deploy.engine.run.Execution;
import io.axon.deploy.engine.run.ExecutionResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Loads, unloads and executes workflow versions for one verticle instance: refusals are
 * {@link Problem}s (400 a bad key or version, 404 not loaded, 422 a definition or an input that
 * breaks a rule). Large definitions are planned on a worker.
 */
public final class WorkflowHost {
  /** About 400 nodes and connections: bodies beyond it are parsed and planned off the event loop. */
  static final int LARGE_BODY_BYTES = 32 * 1024;
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  private final Vertx vertx;
  private final EngineState state;
  private final NodeActions actions;
  private final CpuPool cpu;

  public WorkflowHost(Vertx vertx, EngineState state, NodeActions actions, CpuPool cpu) {
    this.vertx = vertx;
    this.state = state;
    this.actions = actions;
    this.cpu = cpu;
  }

  /**
   * Loads (or replaces) a version from the request body; answers true when it was not loaded
   * before. Parsing, planning and the digest of a large body run on a worker.
   */
  public Future<Boolean> load(String workflow, String version, Buffer body) {
    String key = key(workflow);
    String canonical = version(version);
    return cpu.run(body.length() > LARGE_BODY_BYTES, () -> {
      JsonObject definition = RequestBodies.object(body);
      return new LoadedWorkflow(key, canonical, CanonicalJson.digest(definition), plan(definition));
    }).map(state::load);
  }

  public boolean unload(String workflow, String version) {
    return state.unload(key(workflow), version(version));
  }

  public LoadedWorkflow find(String workflow, String version) {
    String key = key(workflow);
    String canonical = version(version);
    return state.find(key, canonical).orElseThrow(() -> Problem.notFound("version " + canonical + " of workflow "
        + key + " is not loaded on this instance (" + state.instanceId() + ")"));
  }

  /** Runs a loaded version on {@code input}; an input that breaks the input schema is refused with 422. */
  public Future<ExecutionResult> execute(LoadedWorkflow workflow, JsonObject input, int depth) {
    workflow.plan().inputSchema().ifPresent(schema -> check(schema.validate(input)));
    ExecutionContext context = new ExecutionContext(vertx, UUID.randomUUID().toString(), workflow.workflow(),
        workflow.version(), depth);
    state.running().incrementAndGet();
    return new Execution(workflow.plan(), actions, context, input).run()
        .onComplete(result -> {
          state.running().decrementAndGet();
          state.counted(result.succeeded() && result.result().succeeded());
        });
  }

  private WorkflowPlan plan(JsonObject definition) {
    try {
      return PlanBuilder.build(definition, state.catalog());
    } catch (DefinitionException e) {
      throw new Problem(ProblemType.UNPROCESSABLE, "this engine cannot run the definition: " + e.getMessage(),
          e.errors().stream().map(error -> new FieldError(error.path(), error.message())).toList()).exception();
    }
  }

  private static void check(OutputUnit result) {
    if (Boolean.TRUE.equals(result.getValid())) {
      return;
    }
    List<FieldError> errors = result.getErrors() == null ? List.of() : result.getErrors().stream()
        .map(unit -> new FieldError("/input" + (unit.getInstanceLocation() == null ? ""
            : unit.getInstanceLocation().replaceFirst("^#", "")), unit.getError()))
        .distinct()
        .toList();
    throw new Problem(ProblemType.UNPROCESSABLE, "the input does not meet the workflow's inputSchema", errors).exception();
  }

  private static String key(String workflow) {
    if (workflow == null || !KEY.matcher(workflow).matches()) {
      throw Problem.at(ProblemType.MALFORMED, "path/key", "a workflow key is 1 to 128 letters, digits, '.', '_' or '-'");
    }
    return workflow;
  }

  /** The version without build metadata: {@code 1.0.0+a} and {@code 1.0.0+b} are one version. */
  private static String version(String version) {
    try {
      SemanticVersion.parse(version);
      int plus = version.indexOf('+');
      return plus < 0 ? version : version.substring(0, plus);
    } catch (InvalidVersionException | NullPointerException e) {
      throw Problem.at(ProblemType.MALFORMED, "path/version", "not a semantic version such as 1.2.0: " + version);
    }
  }
}
