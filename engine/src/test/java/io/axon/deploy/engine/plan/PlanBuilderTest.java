package io.axon.deploy.engine.plan;

import static io.axon.deploy.engine.Definitions.set;
import static io.axon.deploy.engine.Definitions.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.common.nodes.NodeTypeCatalog;
import io.axon.deploy.engine.Definitions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanBuilderTest {
  private final NodeTypeCatalog catalog = NodeTypeCatalog.reference();

  private List<String> problems(Definitions definition) {
    return problems(definition.json());
  }

  private List<String> problems(JsonObject definition) {
    DefinitionException refused = catchThrowableOfType(DefinitionException.class, () -> PlanBuilder.build(definition, catalog));
    assertThat(refused).as("the definition is refused").isNotNull();
    return refused.errors().stream().map(e -> e.path() + " " + e.message()).toList();
  }

  @Test
  void aValidDefinitionBecomesAPlanWithItsLeavesAndTypeVersions() {
    WorkflowPlan plan = PlanBuilder.build(workflow().node("a", "transform", set("x", 1)).node("b", "log", new JsonObject())
        .connect("start", "a").connect("start", "b").timeoutMs(500).json(), catalog);
    assertThat(plan.trigger()).isEqualTo("start");
    assertThat(plan.leaves()).containsExactly("a", "b");
    assertThat(plan.timeoutMs()).isEqualTo(500);
    assertThat(plan.node("a").typeVersion()).isEqualTo("1.0.0");
    assertThat(plan.from("start")).hasSize(2);
  }

  @Test
  void everyProblemIsListedAtItsPointer() {
    JsonObject definition = workflow()
        .node("start", "teleport", new JsonObject())
        .node("check", "condition", new JsonObject().put("expression", "input.amount >"))
        .node("old", "log", new JsonObject())
        .connect("start", "ghost").connect("check", "start", "main")
        .json();
    definition.getJsonArray("nodes").getJsonObject(3).put("typeVersion", "^2.0.0");
    assertThat(problems(definition)).anySatisfy(p -> assertThat(p).startsWith("/nodes/3/typeVersion").contains("none of which satisfies ^2.0.0"))
        .anySatisfy(p -> assertThat(p).startsWith("/connections/1/fromPort"))
        .anySatisfy(p -> assertThat(p).startsWith("/nodes/1/id").contains("used twice"))
        .anySatisfy(p -> assertThat(p).startsWith("/nodes/1/type").contains("no node type teleport"))
        .anySatisfy(p -> assertThat(p).startsWith("/nodes/2/config/expression").contains("ends too early"))
        .anySatisfy(p -> assertThat(p).startsWith("/connections/0/to").contains("ghost"));
  }

  @Test
  void conditionsLeaveOnlyThroughTrueOrFalse() {
    assertThat(problems(workflow().node("check", "condition", new JsonObject().put("expression", "true"))
        .node("a", "log", new JsonObject()).connect("start", "check").connect("check", "a", "main")))
        .containsExactly("/connections/1/fromPort a connection from the condition check leaves from its port true or false, not main");
  }

  @Test
  void cyclesAndMissingOrExtraTriggersAreRefused() {
    assertThat(problems(workflow().node("a", "log", new JsonObject()).node("b", "log", new JsonObject())
        .connect("start", "a").connect("a", "b").connect("b", "a")))
        .containsExactly("/connections connections form a cycle: a -> b -> a");
    assertThat(problems(workflow().node("again", "trigger", new JsonObject())))
        .containsExactly("/nodes a workflow has exactly one trigger node, this one has 2");
  }

  @Test
  void aTimeoutMustBeSane() {
    assertThat(problems(workflow().timeoutMs(0))).singleElement().asString().startsWith("/config/timeoutMs");
  }

  @Test
  void aTenThousandNodeChainPlansWithoutOverflowingTheStack() {
    Definitions chain = workflow();
    for (int i = 0; i < 10_000; i++) {
      chain.node("n" + i, "log", new JsonObject()).connect(i == 0 ? "start" : "n" + (i - 1), "n" + i);
    }
    assertThat(PlanBuilder.build(chain.json(), catalog).leaves()).containsExactly("n9999");
  }

  @Test
  void problemsCarryFieldErrors() {
    DefinitionException refused = catchThrowableOfType(DefinitionException.class,
        () -> PlanBuilder.build(new JsonObject(), catalog));
    assertThat(refused.errors()).extracting(FieldError::path).contains("/nodes");
  }
}
