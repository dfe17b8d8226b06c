package io.axon.deploy.engine.run;

import static io.axon.deploy.engine.Definitions.set;
import static io.axon.deploy.engine.Definitions.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.nodes.NodeTypeCatalog;
import io.axon.deploy.engine.Definitions;
import io.axon.deploy.engine.nodes.ExecutionContext;
import io.axon.deploy.engine.nodes.Gateway;
import io.axon.deploy.engine.nodes.NodeActions;
import io.axon.deploy.engine.plan.PlanBuilder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Executions of plans on a real Vert.x (timers, event loop), without any server. */
class ExecutionTest {
  private static Vertx vertx;
  private static WebClient client;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() {
    client.close();
    vertx.close().await();
  }

  private static ExecutionResult run(Definitions definition, JsonObject input) {
    return run(definition, input, () -> 0.5);
  }

  /** Runs on an event loop, as the engine does; the test thread waits. */
  private static ExecutionResult run(Definitions definition, JsonObject input, DoubleSupplier random) {
    NodeActions actions = new NodeActions(client, random, new Gateway(Optional.empty(), Optional.empty(), "development"));
    var plan = PlanBuilder.build(definition.json(), NodeTypeCatalog.reference());
    return Future.<ExecutionResult>future(promise -> vertx.runOnContext(v -> new Execution(plan, actions,
        new ExecutionContext(vertx, "e1", "wf", "1.0.0", 0), input).run().onComplete(promise))).await();
  }

  @Test
  void templatesReadTheInputAndEarlierNodesOutputs() {
    ExecutionResult result = run(workflow()
        .node("enrich", "transform", set("total", "{{ input.amount }}"))
        .node("label", "transform", set("text", "order {{ input.id }}: {{ nodes.enrich.output.total }}"))
        .connect("start", "enrich").connect("enrich", "label"), new JsonObject().put("id", "A1").put("amount", 120));
    assertThat(result.status()).isEqualTo("succeeded");
    assertThat(result.output()).isEqualTo(new JsonObject().put("text", "order A1: 120"));
  }

  @Test
  void aConditionRoutesToItsTrueOrFalsePortAndSkipsTheOtherBranch() {
    Definitions definition = workflow()
        .node("big", "condition", new JsonObject().put("expression", "input.amount > 100"))
        .node("review", "transform", set("route", "review"))
        .node("auto", "transform", set("route", "auto"))
        .node("after-auto", "log", new JsonObject().put("message", "only after auto"))
        .connect("start", "big").connect("big", "review", "true").connect("big", "auto", "false").connect("auto", "after-auto");
    assertThat(run(definition, new JsonObject().put("amount", 500)).output()).isEqualTo(new JsonObject().put("route", "review"));
    assertThat(run(definition, new JsonObject().put("amount", 5)).output()).isEqualTo(new JsonObject().put("route", "auto"));
  }

  @Test
  void aJoinAfterAConditionRunsFromWhicheverBranchWasTaken() {
    Definitions definition = workflow()
        .node("big", "condition", new JsonObject().put("expression", "input.amount > 100"))
        .node("yes", "transform", set("big", true)).node("no", "transform", set("big", false))
        .node("join", "log", new JsonObject())
        .connect("start", "big").connect("big", "yes", "true").connect("big", "no", "false")
        .connect("yes", "join").connect("no", "join");
    assertThat(run(definition, new JsonObject().put("amount", 5)).output()).isEqualTo(new JsonObject().put("big", false));
  }

  @Test
  void parallelBranchesBothRunAndTheirOutputsMerge() {
    Definitions definition = workflow()
        .node("wait-a", "delay", new JsonObject().put("ms", 20)).node("wait-b", "delay", new JsonObject().put("ms", 20))
        .node("a", "transform", set("a", 1)).node("b", "transform", set("b", 2))
        .connect("start", "wait-a").connect("start", "wait-b").connect("wait-a", "a").connect("wait-b", "b");
    ExecutionResult result = run(definition, new JsonObject());
    assertThat(result.output()).isEqualTo(new JsonObject().put("a", 1).put("b", 2));
  }

  @Test
  void aChainOfTenThousandNodesRunsWithoutGrowingTheStack() {
    Definitions chain = workflow();
    for (int i = 0; i < 10_000; i++) {
      chain.node("n" + i, "transform", set("i", i)).connect(i == 0 ? "start" : "n" + (i - 1), "n" + i);
    }
    assertThat(run(chain, new JsonObject()).output()).isEqualTo(new JsonObject().put("i", 9_999));
  }

  @Test
  void aWorkflowThatOutlivesItsTimeoutFailsAsTimedOut() {
    ExecutionResult result = run(workflow().node("slow", "delay", new JsonObject().put("ms", 5_000))
        .connect("start", "slow").timeoutMs(100), new JsonObject());
    assertThat(result.status()).isEqualTo("failed");
    assertThat(result.error().type()).isEqualTo("timeout");
    assertThat(result.error().message()).contains("100 ms");
    assertThat(result.durationMs()).isLessThan(2_000);
  }

  @Test
  void aFailNodeFailsThatShareOfExecutionsAndNamesItself() {
    Definitions definition = workflow().node("flaky", "fail", new JsonObject().put("probability", 0.3).put("message", "bad luck"))
        .node("done", "transform", set("ok", true)).connect("start", "flaky").connect("flaky", "done");
    ExecutionResult unlucky = run(definition, new JsonObject(), () -> 0.29);
    assertThat(unlucky.status()).isEqualTo("failed");
    assertThat(unlucky.error().node()).isEqualTo("flaky");
    assertThat(unlucky.error().message()).isEqualTo("node flaky (fail) failed: bad luck");
    assertThat(run(definition, new JsonObject(), () -> 0.3).status()).isEqualTo("succeeded");
    AtomicInteger draws = new AtomicInteger();
    long failed = java.util.stream.IntStream.range(0, 1000)
        .filter(i -> run(definition, new JsonObject(), () -> (draws.getAndIncrement() % 10) / 10.0).status().equals("failed"))
        .count();
    assertThat(failed).isEqualTo(300);
  }

  @Test
  void aNodeWhoseConfigCannotWorkFailsTheExecutionNotTheEngine() {
    ExecutionResult result = run(workflow().node("wait", "delay", new JsonObject().put("ms", "{{ input.nothing }}"))
        .connect("start", "wait"), new JsonObject());
    assertThat(result.error().node()).isEqualTo("wait");
    assertThat(result.error().message()).contains("ms must be a whole number");
  }

  @Test
  void aSubworkflowWithoutAGatewayFailsSayingWhatToSet() {
    ExecutionResult result = run(workflow().node("child", "subworkflow", new JsonObject().put("workflow", "billing"))
        .connect("start", "child"), new JsonObject());
    assertThat(result.error().message()).contains("AXON_GATEWAY_URL");
  }
}
