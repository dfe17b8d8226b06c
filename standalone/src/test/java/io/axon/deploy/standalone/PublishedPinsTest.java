package io.axon.deploy.standalone;

import static io.axon.deploy.standalone.RunningSuite.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.nodes.NodeTypeCatalog;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Published means pinned: a published version keeps the node type versions it resolved to, whatever the catalog offers later. */
class PublishedPinsTest {

  @Test
  void aPublishedVersionKeepsItsNodeTypeVersionsWhenTheCatalogMovesOn() throws Exception {
    String database = RunningSuite.newDatabaseName();
    String wf = "/api/v1/workflows/pinned";
    RunningSuite before = RunningSuite.start(database, Map.of());
    {
      before.post("/api/v1/workflows", ADMIN_TOKEN, new JsonObject().put("key", "pinned").put("name", "Pinned"));
      // the transform node names no typeVersion: it takes the newest the catalog offers
      before.post(wf + "/versions", ADMIN_TOKEN, new JsonObject().put("version", "1.0.0").put("definition", Definitions.valid(1)));
      Reply published = before.post(wf + "/versions/1.0.0/publish", ADMIN_TOKEN, null);
      assertThat(published.json().getJsonObject("nodeTypes")).isEqualTo(new JsonObject().put("start", "1.0.0").put("enrich", "1.0.0"));
      before.stop();
    }
    Path newer = Files.createTempFile("node-types", ".json");
    JsonObject catalog = new JsonObject(new String(NodeTypeCatalog.class.getResourceAsStream("/node-types.json").readAllBytes()));
    catalog.getJsonObject("transform").put("versions", new JsonArray().add("1.0.0").add("2.0.0"));
    Files.writeString(newer, catalog.encode());
    try (RunningSuite after = RunningSuite.start(database, Map.of("AXON_NODE_TYPES", newer.toString()))) {
      assertThat(after.get(wf + "/versions/1.0.0", ADMIN_TOKEN).json().getJsonObject("nodeTypes").getString("enrich"))
          .isEqualTo("1.0.0");
      // the same shape with another value: only a config change, were the published version not pinned
      Reply next = after.post(wf + "/versions", ADMIN_TOKEN, new JsonObject().put("bump", "auto").put("definition", Definitions.valid(2)));
      assertThat(next.json().getString("version")).as("transform 1.0.0 -> 2.0.0 is breaking: " + next).isEqualTo("2.0.0");
      JsonObject diff = after.get("/api/v1/workflows/pinned/diff?from=1.0.0&to=2.0.0", ADMIN_TOKEN).json();
      assertThat(diff.getJsonArray("changes").stream().map(c -> ((JsonObject) c).getString("path")))
          .contains("/nodes/enrich/typeVersion");
    } finally {
      Files.deleteIfExists(newer);
      RunningSuite.dropDatabase(database);
    }
  }
}
