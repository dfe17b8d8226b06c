package io.axon.deploy.registry.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.axon.deploy.common.error.ProblemException;
import io.axon.deploy.common.nodes.NodeTypeCatalog;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class NodeTypePinsTest {
  private static final NodeTypeCatalog CATALOG = NodeTypeCatalog.fromJson(new JsonObject()
      .put("trigger", new JsonObject().put("versions", new JsonArray().add("1.0.0")).put("configSchema", new JsonObject()))
      .put("http", new JsonObject().put("versions", new JsonArray().add("1.0.0").add("1.4.2").add("2.0.0"))
          .put("configSchema", new JsonObject())));

  private static JsonObject definition(Object httpVersion) {
    JsonObject http = new JsonObject().put("id", "call").put("type", "http");
    if (httpVersion != null) {
      http.put("typeVersion", httpVersion);
    }
    return new JsonObject().put("nodes", new JsonArray()
        .add(new JsonObject().put("id", "start").put("type", "trigger")).add(http));
  }

  @Test
  void eachNodeIsPinnedToTheNewestVersionItsTypeVersionAllows() {
    assertThat(NodeTypePins.pin(definition(null), CATALOG)).isEqualTo(new JsonObject().put("start", "1.0.0").put("call", "2.0.0"));
    assertThat(NodeTypePins.pin(definition("^1.0.0"), CATALOG).getString("call")).isEqualTo("1.4.2");
    assertThat(NodeTypePins.pin(definition("1.0.0"), CATALOG).getString("call")).isEqualTo("1.0.0");
  }

  @Test
  void thePinnedDefinitionCarriesThePinsAndLeavesTheAuthoredOneAlone() {
    JsonObject authored = definition("^1.0.0");
    JsonObject pinned = NodeTypePins.apply(authored, new JsonObject().put("start", "1.0.0").put("call", "1.4.2"));
    assertThat(pinned.getJsonArray("nodes").getJsonObject(1).getString("typeVersion")).isEqualTo("1.4.2");
    assertThat(authored.getJsonArray("nodes").getJsonObject(1).getString("typeVersion")).isEqualTo("^1.0.0");
  }

  @Test
  void aNodeTheCatalogNoLongerOffersCannotBePublished() {
    assertThatThrownBy(() -> NodeTypePins.pin(definition("^3.0.0"), CATALOG))
        .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.problem().errors())
            .extracting(e -> e.path()).containsExactly("/definition/nodes/1/typeVersion"));
  }
}
