package io.axon.deploy.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class TemplatesTest {
  private final JsonObject scope = new JsonObject()
      .put("input", new JsonObject().put("name", "Ada").put("amount", 120).put("tags", new JsonArray().add("a").add("b")))
      .put("nodes", new JsonObject().put("enrich", new JsonObject().put("output",
          new JsonObject().put("total", 42.5).put("customer", new JsonObject().put("tier", "gold")))));

  @Test
  void aWholePlaceholderKeepsTheTypeOfItsValue() {
    assertThat(Templates.resolve("{{ input.amount }}", scope)).isEqualTo(120);
    assertThat(Templates.resolve("{{nodes.enrich.output.customer}}", scope)).isEqualTo(new JsonObject().put("tier", "gold"));
  }

  @Test
  void placeholdersInsideTextBecomeText() {
    assertThat(Templates.resolve("Hello {{ input.name }}, total {{ nodes.enrich.output.total }}", scope))
        .isEqualTo("Hello Ada, total 42.5");
  }

  @Test
  void arrayIndexesWorkWithDotsAndBrackets() {
    assertThat(Templates.resolve("{{ input.tags.1 }}", scope)).isEqualTo("b");
    assertThat(Templates.resolve("{{ input.tags[0] }}", scope)).isEqualTo("a");
  }

  @Test
  void aMissingValueIsNullAloneAndNothingInsideText() {
    assertThat(Templates.resolve("{{ input.missing.deeper }}", scope)).isNull();
    assertThat(Templates.resolve("[{{ input.missing }}]", scope)).isEqualTo("[]");
  }

  @Test
  void nestedObjectsAndArraysAreFilledWithoutChangingTheOriginal() {
    JsonObject config = new JsonObject().put("set", new JsonObject()
        .put("who", "{{ input.name }}").put("list", new JsonArray().add("{{ input.amount }}").add(1)));
    Object resolved = Templates.resolve(config, scope);
    assertThat(resolved).isEqualTo(new JsonObject().put("set", new JsonObject()
        .put("who", "Ada").put("list", new JsonArray().add(120).add(1))));
    assertThat(config.getJsonObject("set").getString("who")).isEqualTo("{{ input.name }}");
  }

  @Test
  void textWithoutPlaceholdersIsLeftAlone() {
    assertThat(Templates.resolve("plain {text}", scope)).isEqualTo("plain {text}");
    assertThat(Templates.isTemplated(new JsonObject().put("a", "plain"))).isFalse();
    assertThat(Templates.isTemplated(new JsonObject().put("a", new JsonArray().add("{{ x }}")))).isTrue();
  }
}
