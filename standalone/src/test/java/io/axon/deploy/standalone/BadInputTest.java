package io.axon.deploy.standalone;

import static io.axon.deploy.standalone.RunningSuite.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of bad request gets a problem+json answer that says what is wrong, and changes nothing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
  private static final String WF = "/api/v1/workflows/guarded";
  private RunningSuite suite;
  private String stateBefore;

  @BeforeAll
  void start() {
    suite = RunningSuite.start();
    suite.post("/api/v1/workflows", ADMIN_TOKEN, new JsonObject().put("key", "guarded").put("name", "Guarded"));
    suite.post(WF + "/versions", ADMIN_TOKEN, new JsonObject().put("version", "1.0.0").put("definition", Definitions.valid(0)));
  }

  @AfterAll
  void stop() {
    suite.close();
  }

  @BeforeEach
  void rememberState() {
    stateBefore = state();
  }

  @AfterEach
  void nothingChanged() {
    assertThat(state()).as("versions and audit trail after a refused request").isEqualTo(stateBefore);
  }

  /** What a refused request must leave alone: the versions and the length of the audit trail. */
  private String state() {
    JsonArray versions = suite.get(WF + "/versions?limit=1000", ADMIN_TOKEN).json().getJsonArray("items");
    long audit = suite.get("/api/v1/audit/verify", ADMIN_TOKEN).json().getLong("records");
    return versions.encode() + " audit=" + audit;
  }

  private Reply createVersionRaw(String body) {
    return suite.send(HttpMethod.POST, WF + "/versions", ADMIN_TOKEN, Buffer.buffer(body), Map.of());
  }

  @Test
  void malformedJsonIsA400() {
    Reply reply = createVersionRaw("{\"version\": \"2.0.0\", \"definition\": {");
    assertThat(reply.isProblem(400)).as(reply.toString()).isTrue();
  }

  @Test
  void aFieldOfTheWrongTypeIsA400NamingTheField() {
    Reply reply = createVersionRaw("{\"version\": 2, \"definition\": {}}");
    assertThat(reply.isProblem(400)).as(reply.toString()).isTrue();
    assertThat(reply.errorPaths()).contains("/version");
  }

  @Test
  void anUnknownFieldIsA400() {
    Reply reply = createVersionRaw("{\"version\": \"2.0.0\", \"definition\": {}, \"colour\": \"red\"}");
    assertThat(reply.isProblem(400)).as(reply.toString()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.02.0", "1.0", "01.0.0", "1.0.0-", "v1.0.0", "1.0.0-beta..1"})
  void anInvalidSemanticVersionIsA422NamingIt(String version) {
    Reply reply = suite.post(WF + "/versions", ADMIN_TOKEN, new JsonObject().put("version", version).put("definition", Definitions.valid(9)));
    assertThat(reply.isProblem(422)).as(reply.toString()).isTrue();
    assertThat(reply.errorPaths()).containsExactly("/version");
    assertThat(reply.json().getJsonArray("errors").getJsonObject(0).getString("message")).contains(version);
  }

  @ParameterizedTest
  @ValueSource(strings = {"latest", "abc", ">=1.2.3 <", "[1.0,2.0)", "^", "1.2.3.4"})
  void anInvalidRangeIsA400(String range) {
    Reply reply = suite.get(WF + "/versions?range=" + java.net.URLEncoder.encode(range, java.nio.charset.StandardCharsets.UTF_8), ADMIN_TOKEN);
    assertThat(reply.isProblem(400)).as(reply.toString()).isTrue();
    assertThat(reply.json().getString("detail")).contains("range");
  }

  @Test
  void aDefinitionWithACycleADanglingConnectionAndDuplicatesListsEveryProblemAtOnce() {
    JsonObject definition = new JsonObject()
        .put("nodes", new JsonArray()
            .add(node("a", "trigger")).add(node("b", "log")).add(node("c", "log")).add(node("c", "log"))
            .add(node("d", "teleport")))
        .put("connections", new JsonArray()
            .add(connection("1", "a", "b")).add(connection("2", "b", "c")).add(connection("3", "c", "b"))
            .add(connection("4", "a", "nowhere")));
    Reply reply = suite.post(WF + "/versions", ADMIN_TOKEN, new JsonObject().put("version", "2.0.0").put("definition", definition));
    assertThat(reply.isProblem(422)).as(reply.toString()).isTrue();
    assertThat(reply.errorPaths()).containsExactlyInAnyOrder(
        "/definition/nodes/3/id", "/definition/nodes/4/type", "/definition/connections/3/to", "/definition/connections");
    assertThat(reply.text()).contains("cycle: b -> c -> b").contains("'nowhere'").contains("duplicate node id 'c'").contains("teleport");
  }

  @Test
  void aDefinitionWithoutExactlyOneTriggerIsRefused() {
    JsonObject twoTriggers = new JsonObject().put("nodes", new JsonArray().add(node("a", "trigger")).add(node("b", "trigger")));
    Reply reply = suite.post(WF + "/versions", ADMIN_TOKEN, new JsonObject().put("version", "2.0.0").put("definition", twoTriggers));
    assertThat(reply.isProblem(422)).isTrue();
    assertThat(reply.text()).contains("exactly one trigger");
  }

  @Test
  void aNodeTypeVersionNoCatalogVersionSatisfiesIsRefused() {
    JsonObject definition = Definitions.valid(1);
    definition.getJsonArray("nodes").getJsonObject(0).put("typeVersion", "^2.0.0");
    Reply reply = suite.post(WF + "/versions", ADMIN_TOKEN, new JsonObject().put("version", "2.0.0").put("definition", definition));
    assertThat(reply.isProblem(422)).isTrue();
    assertThat(reply.errorPaths()).containsExactly("/definition/nodes/0/typeVersion");
  }

  @Test
  void anOversizedBodyIsA413() {
    String padding = "x".repeat(300 * 1024);
    Reply reply = createVersionRaw("{\"version\": \"2.0.0\", \"description\": \"" + padding + "\", \"definition\": {}}");
    assertThat(reply.isProblem(413)).as(reply.toString()).isTrue();
  }

  @Test
  void aMissingOrUnknownTokenIsA401() {
    Reply missing = suite.post(WF + "/versions", null, new JsonObject().put("version", "2.0.0").put("definition", Definitions.valid(2)));
    assertThat(missing.isProblem(401)).isTrue();
    Reply unknown = suite.post(WF + "/versions", "not-a-token", new JsonObject().put("version", "2.0.0").put("definition", Definitions.valid(2)));
    assertThat(unknown.isProblem(401)).isTrue();
    assertThat(suite.get(WF, null).isProblem(401)).isTrue();
  }

  @Test
  void aViewerCannotWriteAndAnAuthorCannotIssueTokens() {
    String viewer = token("vera", "viewer");
    String author = token("arthur", "author");
    stateBefore = state(); // issuing tokens is audited
    assertThat(suite.get(WF + "/versions/1.0.0", viewer).status()).isEqualTo(200);
    Reply refused = suite.post(WF + "/versions", viewer, new JsonObject().put("version", "2.0.0").put("definition", Definitions.valid(2)));
    assertThat(refused.isProblem(403)).as(refused.toString()).isTrue();
    Reply publish = suite.post(WF + "/versions/1.0.0/publish", viewer, null);
    assertThat(publish.isProblem(403)).as(publish.toString()).isTrue();
    assertThat(suite.post("/api/v1/tokens", author, new JsonObject().put("user", "mallory").put("roles", new JsonArray().add("admin")))
        .isProblem(403)).isTrue();
  }

  @Test
  void anUnknownPathIsA404AndAWrongMethodA405() {
    assertThat(suite.get("/api/v1/nothing-here", ADMIN_TOKEN).isProblem(404)).isTrue();
    assertThat(suite.send(HttpMethod.DELETE, WF, ADMIN_TOKEN, null, Map.of()).status()).isIn(404, 405);
  }

  private String token(String user, String role) {
    Reply reply = suite.post("/api/v1/tokens", ADMIN_TOKEN, new JsonObject().put("user", user).put("roles", new JsonArray().add(role)));
    assertThat(reply.status()).isEqualTo(201);
    return reply.json().getString("token");
  }

  private static JsonObject node(String id, String type) {
    return new JsonObject().put("id", id).put("type", type);
  }

  private static JsonObject connection(String id, String from, String to) {
    return new JsonObject().put("id", id).put("from", from).put("to", to);
  }
}
