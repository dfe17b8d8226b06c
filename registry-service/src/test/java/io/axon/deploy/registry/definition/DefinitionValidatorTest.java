package io.axon.deploy.registry.definition;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.common.nodes.NodeTypeCatalog;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefinitionValidatorTest {
  private final DefinitionValidator validator = new DefinitionValidator(NodeTypeCatalog.reference(), DefinitionLimits.DEFAULT);

  private static JsonObject node(String id, String type) {
    return new JsonObject().put("id", id).put("type", type);
  }

  private static JsonObject connection(String id, String from, String to) {
    return new JsonObject().put("id", id).put("from", from).put("to", to);
  }

  private static JsonObject definition(JsonArray nodes, JsonArray connections) {
    return new JsonObject().put("nodes", nodes).put("connections", connections);
  }

  private List<String> paths(JsonObject definition) {
    return validator.validate(definition, "").stream().map(FieldError::path).toList();
  }

  @Test
  void aWellFormedDefinitionHasNoProblems() {
    JsonObject definition = definition(
        new JsonArray().add(node("start", "trigger")).add(node("check", "condition")
            .put("config", new JsonObject().put("expression", "input.amount > 100")))
            .add(node("wait", "delay").put("config", new JsonObject().put("ms", 250)).put("typeVersion", "^1.0.0")
                .put("position", new JsonObject().put("x", 10).put("y", 20.5))),
        new JsonArray().add(connection("c1", "start", "check")).add(connection("c2", "check", "wait").put("fromPort", "true")))
        .put("inputSchema", new JsonObject().put("type", "object"))
        .put("smokeTests", new JsonArray().add(new JsonObject().put("name", "ok").put("input", new JsonObject())));
    assertThat(validator.validate(definition, "/definition")).isEmpty();
  }

  @Test
  void everyCycleIsReportedWithItsPath() {
    JsonObject definition = definition(
        new JsonArray().add(node("t", "trigger")).add(node("a", "log")).add(node("b", "log")).add(node("c", "log")),
        new JsonArray().add(connection("1", "t", "a")).add(connection("2", "a", "b")).add(connection("3", "b", "a"))
            .add(connection("4", "c", "c")));
    List<String> messages = validator.validate(definition, "").stream().map(FieldError::message).toList();
    assertThat(messages).containsExactlyInAnyOrder("connections form a cycle: a -> b -> a", "connections form a cycle: c -> c");
  }

  @Test
  void aLongChainIsNotMistakenForACycleAndDoesNotOverflowTheStack() {
    JsonArray nodes = new JsonArray().add(node("n0", "trigger"));
    JsonArray connections = new JsonArray();
    for (int i = 1; i < 10_000; i++) {
      nodes.add(node("n" + i, "log"));
      connections.add(connection("c" + i, "n" + (i - 1), "n" + i));
    }
    assertThat(validator.validate(definition(nodes, connections), "")).isEmpty();
  }

  @Test
  void configIsCheckedAgainstTheNodeTypesSchema() {
    JsonObject definition = definition(new JsonArray().add(node("t", "trigger"))
        .add(node("h", "http").put("config", new JsonObject().put("method", "FETCH").put("url", "http://x")))
        .add(node("d", "delay").put("config", new JsonObject())), new JsonArray());
    assertThat(paths(definition)).contains("/nodes/1/config/method", "/nodes/2/config");
  }

  @Test
  void sizesBeyondTheLimitsAreRefused() {
    DefinitionValidator small = new DefinitionValidator(NodeTypeCatalog.reference(), new DefinitionLimits(2, 1, 10_000, 20));
    JsonObject tooMany = definition(new JsonArray().add(node("t", "trigger")).add(node("a", "log")).add(node("b", "log")), new JsonArray());
    assertThat(small.validate(tooMany, "")).extracting(FieldError::path).containsExactly("/nodes");
    JsonObject bigConfig = definition(new JsonArray().add(node("t", "trigger"))
        .add(node("l", "log").put("config", new JsonObject().put("message", "x".repeat(100)))), new JsonArray());
    assertThat(small.validate(bigConfig, "")).extracting(FieldError::path).containsExactly("/nodes/1/config");
  }

  @Test
  void structuralMistakesAreEachReported() {
    JsonObject definition = new JsonObject()
        .put("nodes", new JsonArray().add(node("t", "trigger")).add("not a node").add(new JsonObject().put("type", "log"))
            .add(node("bad id!", "log")).add(node("p", "log").put("position", new JsonObject().put("x", "left"))))
        .put("connections", new JsonArray().add(new JsonObject().put("id", "c")))
        .put("smokeTests", "none")
        .put("extra", true);
    assertThat(paths(definition)).containsExactlyInAnyOrder("/extra", "/nodes/1", "/nodes/2/id", "/nodes/3/id",
        "/nodes/4/position", "/connections/0/from", "/connections/0/to", "/smokeTests");
  }

  @Test
  void missingNodesAndAMissingTriggerAreReported() {
    assertThat(paths(new JsonObject())).containsExactly("/nodes");
    assertThat(validator.validate(definition(new JsonArray().add(node("a", "log")), new JsonArray()), ""))
        .extracting(FieldError::message).containsExactly("a definition needs exactly one trigger node, this one has 0");
  }
}
