package io.axon.deploy.standalone;

import static io.axon.deploy.standalone.RunningSuite.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Refusals a person can act on: every problem of a request at once, each at its location (a JSON
 * Pointer into the body, or {@code query/to}, {@code path/key}, {@code header/Accept}) in plain
 * words, with the allowed values or the limit; 405 with Allow; 406 for an Accept we cannot meet.
 */
class ProblemDetailsTest extends SuiteTest {
  private static final String WF = "/api/v1/workflows/clear";

  @BeforeAll
  void fixture() {
    suite.post("/api/v1/workflows", ADMIN_TOKEN, new JsonObject().put("key", "clear").put("name", "Clear"));
    suite.post(WF + "/versions", ADMIN_TOKEN, new JsonObject().put("version", "1.0.0").put("definition", Definitions.valid(0)));
  }

  private String message(Reply reply, String path) {
    return reply.json().getJsonArray("errors").stream().map(JsonObject.class::cast)
        .filter(e -> e.getString("path").equals(path)).map(e -> e.getString("message")).findFirst()
        .orElseThrow(() -> new AssertionError("no error at " + path + ": " + reply));
  }

  @Test
  void aMissingQueryParameterIsNamedByItsLocation() {
    Reply reply = suite.get(WF + "/diff?from=1.0.0", ADMIN_TOKEN);
    assertThat(reply.isProblem(400)).as(reply.toString()).isTrue();
    assertThat(reply.errorPaths()).containsExactly("query/to");
    assertThat(message(reply, "query/to")).isEqualTo("is required");
  }

  @Test
  void everyBadQueryParameterIsListedWithTheAllowedValuesOrTheLimit() {
    Reply reply = suite.get(WF + "/versions?status=live&limit=5000", ADMIN_TOKEN);
    assertThat(reply.isProblem(400)).as(reply.toString()).isTrue();
    assertThat(reply.errorPaths()).containsExactlyInAnyOrder("query/status", "query/limit");
    assertThat(message(reply, "query/status")).isEqualTo("must be one of draft, published, deprecated, archived");
    assertThat(message(reply, "query/limit")).isEqualTo("must be from 1 to 1000");
    assertThat(reply.text()).doesNotContain("Instance").doesNotContain("schema");
  }

  @Test
  void aServiceRefusingAQueryParameterNamesItsLocationToo() {
    Reply range = suite.get(WF + "/versions?range=latest", ADMIN_TOKEN);
    assertThat(range.errorPaths()).containsExactly("query/range");
    Reply to = suite.get(WF + "/diff?from=1.0.0&to=2", ADMIN_TOKEN);
    assertThat(to.isProblem(400)).as(to.toString()).isTrue();
    assertThat(to.errorPaths()).containsExactly("query/to");
    Reply missing = suite.get("/api/v1/workflows/absent", ADMIN_TOKEN);
    assertThat(missing.isProblem(404)).isTrue();
    assertThat(missing.errorPaths()).containsExactly("path/key");
  }

  @Test
  void aBodyWithShapeAndRuleProblemsReportsBothKindsInPlainWords() {
    JsonObject definition = Definitions.valid(1);
    definition.getJsonArray("nodes").add(new JsonObject().put("id", "start").put("type", "teleport"));
    JsonObject body = new JsonObject().put("bump", "huge").put("colour", "red").put("tags", new JsonArray().add(7))
        .put("title", "t".repeat(10)).put("definition", definition);
    Reply reply = suite.post(WF + "/versions", ADMIN_TOKEN, body);
    assertThat(reply.isProblem(400)).as(reply.toString()).isTrue();
    assertThat(reply.errorPaths()).contains("/bump", "/colour", "/tags/0", "/definition/nodes/2/id", "/definition/nodes/2/type");
    assertThat(message(reply, "/bump")).isEqualTo("must be one of major, minor, patch, auto");
    assertThat(message(reply, "/colour")).startsWith("is not a field here; the fields are version, bump");
    assertThat(message(reply, "/tags/0")).isEqualTo("must be a string, not a whole number");
    assertThat(message(reply, "/definition/nodes/2/type")).contains("teleport");
  }

  @Test
  void aReplacedDefinitionsProblemsPointIntoTheBodySent() {
    JsonObject definition = Definitions.valid(2);
    definition.getJsonArray("nodes").getJsonObject(1).put("type", "teleport");
    Reply reply = suite.send(HttpMethod.PUT, WF + "/versions/1.0.0/definition", ADMIN_TOKEN,
        Buffer.buffer(definition.put("nodes", definition.getJsonArray("nodes")).encode()), Map.of("If-Match", "*"));
    assertThat(reply.isProblem(422)).as(reply.toString()).isTrue();
    assertThat(reply.errorPaths()).containsExactly("/nodes/1/type");
  }

  @Test
  void aSizeProblemStatesTheLimit() {
    Reply reply = suite.post("/api/v1/tokens", ADMIN_TOKEN, new JsonObject().put("user", "u".repeat(201)).put("roles", new JsonArray().add("viewer")));
    assertThat(reply.isProblem(400)).as(reply.toString()).isTrue();
    assertThat(message(reply, "/user")).isEqualTo("must be at most 200 characters long, not 201");
  }

  @Test
  void aBodyThatIsNotJsonSaysWhereItBreaks() {
    Reply reply = suite.send(HttpMethod.POST, WF + "/versions", ADMIN_TOKEN, Buffer.buffer("{\"bump\": \"patch\",\n \"definition\": {"), Map.of());
    assertThat(reply.isProblem(400)).as(reply.toString()).isTrue();
    assertThat(message(reply, "")).startsWith("the body is not valid JSON (line 2");
  }

  @Test
  void aWrongMethodIsA405ThatSaysWhichMethodsAreAllowed() {
    Reply reply = suite.send(HttpMethod.DELETE, WF, ADMIN_TOKEN, null, Map.of());
    assertThat(reply.isProblem(405)).as(reply.toString()).isTrue();
    assertThat(reply.header("Allow")).isEqualTo("GET");
    assertThat(suite.send(HttpMethod.PUT, "/api/v1/workflows", ADMIN_TOKEN, null, Map.of()).header("Allow")).isEqualTo("GET, POST");
  }

  @Test
  void anAcceptWeCannotMeetIsA406AndOneWeCanIsServed() {
    Reply refused = suite.send(HttpMethod.GET, WF, ADMIN_TOKEN, null, Map.of("Accept", "text/html"));
    assertThat(refused.isProblem(406)).as(refused.toString()).isTrue();
    assertThat(refused.errorPaths()).containsExactly("header/Accept");
    assertThat(suite.send(HttpMethod.GET, WF, ADMIN_TOKEN, null, Map.of("Accept", "text/html, application/*;q=0.5")).status()).isEqualTo(200);
    assertThat(suite.send(HttpMethod.GET, WF + "/versions/1.0.0/changelog", ADMIN_TOKEN, null, Map.of("Accept", "text/markdown")).status())
        .isEqualTo(200);
    assertThat(suite.send(HttpMethod.GET, WF, ADMIN_TOKEN, null, Map.of("Accept", "application/json;q=0")).status()).isEqualTo(406);
  }

  @Test
  void aBodyThatIsNotJsonByItsContentTypeIsA415() {
    Reply reply = suite.send(HttpMethod.POST, "/api/v1/workflows", ADMIN_TOKEN, Buffer.buffer("key=x"), Map.of("Content-Type", "text/plain"));
    assertThat(reply.isProblem(415)).as(reply.toString()).isTrue();
    assertThat(reply.errorPaths()).containsExactly("header/Content-Type");
  }

  @Test
  void everyRefusalCarriesErrors() {
    assertThat(suite.get(WF, null).errorPaths()).containsExactly("header/Authorization");
    assertThat(suite.get("/api/v1/nowhere", ADMIN_TOKEN).errorPaths()).containsExactly("");
    Reply conflict = suite.post("/api/v1/workflows", ADMIN_TOKEN, new JsonObject().put("key", "clear").put("name", "Again"));
    assertThat(conflict.isProblem(409)).as(conflict.toString()).isTrue();
    assertThat(conflict.errorPaths()).isNotEmpty();
  }
}
