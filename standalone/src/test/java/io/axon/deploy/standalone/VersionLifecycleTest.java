package io.axon.deploy.standalone;

import static io.axon.deploy.standalone.RunningSuite.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VersionLifecycleTest extends SuiteTest {

  private String workflow(String key) {
    Reply created = suite.post("/api/v1/workflows", ADMIN_TOKEN, new JsonObject().put("key", key).put("name", "Workflow " + key));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return "/api/v1/workflows/" + key;
  }

  private Reply create(String workflow, JsonObject request) {
    return suite.post(workflow + "/versions", ADMIN_TOKEN, request);
  }

  private String createBumped(String workflow, String bump, Object marker) {
    Reply reply = create(workflow, new JsonObject().put("bump", bump).put("definition", Definitions.valid(marker)));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    return reply.json().getString("version");
  }

  @Test
  void aWorkflowCanBeCreatedReadAndListed() {
    String path = workflow("listed-one");
    Reply read = suite.get(path, ADMIN_TOKEN);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().getString("name")).isEqualTo("Workflow listed-one");
    assertThat(read.json().getString("createdBy")).isEqualTo("admin");
    assertThat(suite.get("/api/v1/workflows?limit=1000", ADMIN_TOKEN).items())
        .extracting(w -> w.getString("key")).contains("listed-one");
    assertThat(suite.post("/api/v1/workflows", ADMIN_TOKEN, new JsonObject().put("key", "listed-one").put("name", "again"))
        .isProblem(409)).isTrue();
    assertThat(suite.get("/api/v1/workflows/no-such-workflow", ADMIN_TOKEN).isProblem(404)).isTrue();
  }

  @Test
  void bumpsCountFromTheHighestReleaseAndPrereleasesNumberWithinTheirLine() {
    String wf = workflow("bumps");
    assertThat(createBumped(wf, "minor", 1)).isEqualTo("0.1.0");
    assertThat(createBumped(wf, "patch", 2)).isEqualTo("0.1.1");
    assertThat(createBumped(wf, "major", 3)).isEqualTo("1.0.0");
    Reply beta1 = create(wf, new JsonObject().put("bump", "major").put("prerelease", "beta").put("definition", Definitions.valid(4)));
    Reply beta2 = create(wf, new JsonObject().put("bump", "major").put("prerelease", "beta").put("definition", Definitions.valid(5)));
    assertThat(beta1.json().getString("version")).isEqualTo("2.0.0-beta.1");
    assertThat(beta2.json().getString("version")).isEqualTo("2.0.0-beta.2");
    assertThat(createBumped(wf, "minor", 6)).isEqualTo("1.1.0");
    assertThat(createBumped(wf, "major", 7)).isEqualTo("2.0.0");
  }

  @Test
  void anExplicitVersionKeepsItsBuildMetadataButCannotRepeatAVersionThatDiffersOnlyByIt() {
    String wf = workflow("explicit");
    Reply created = create(wf, new JsonObject().put("version", "1.4.3+20240115.abc123").put("definition", Definitions.valid(1)));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().getString("version")).isEqualTo("1.4.3+20240115.abc123");
    assertThat(create(wf, new JsonObject().put("version", "1.4.3+other").put("definition", Definitions.valid(2))).isProblem(409)).isTrue();
    assertThat(suite.get(wf + "/versions/1.4.3", ADMIN_TOKEN).json().getString("version")).isEqualTo("1.4.3+20240115.abc123");
  }

  @Test
  void versionsListInPrecedenceOrderFilteredByStatusAndNpmRangeAcrossPages() {
    String wf = workflow("listing");
    List<String> created = List.of("1.10.0", "1.2.0", "2.0.0-rc.1", "1.2.0-alpha", "2.0.0", "1.9.5", "0.9.0");
    int marker = 0;
    for (String version : created) {
      assertThat(create(wf, new JsonObject().put("version", version).put("definition", Definitions.valid(marker++))).status()).isEqualTo(201);
    }
    assertThat(versions(wf + "/versions?limit=100")).containsExactly("0.9.0", "1.2.0-alpha", "1.2.0", "1.9.5", "1.10.0", "2.0.0-rc.1", "2.0.0");
    // caret combined with a comparator means both, as in npm (semver4j alone would drop the caret)
    assertThat(versions(wf + "/versions?range=" + encode("^1.2.0 <1.10.0"))).containsExactly("1.2.0", "1.9.5");
    assertThat(versions(wf + "/versions?range=" + encode("1.x || >=2.0.0-rc.1"))).containsExactly("1.2.0", "1.9.5", "1.10.0", "2.0.0-rc.1", "2.0.0");
    assertThat(versions(wf + "/versions?range=x")).containsExactly("0.9.0", "1.2.0", "1.9.5", "1.10.0", "2.0.0");

    suite.post(wf + "/versions/1.9.5/publish", ADMIN_TOKEN, null);
    assertThat(versions(wf + "/versions?status=published")).containsExactly("1.9.5");

    Reply first = suite.get(wf + "/versions?limit=3", ADMIN_TOKEN);
    assertThat(first.items()).extracting(v -> v.getString("version")).containsExactly("0.9.0", "1.2.0-alpha", "1.2.0");
    Reply second = suite.get(wf + "/versions?limit=3&cursor=" + first.json().getString("nextCursor"), ADMIN_TOKEN);
    assertThat(second.items()).extracting(v -> v.getString("version")).containsExactly("1.9.5", "1.10.0", "2.0.0-rc.1");
    Reply last = suite.get(wf + "/versions?limit=3&cursor=" + second.json().getString("nextCursor"), ADMIN_TOKEN);
    assertThat(last.items()).extracting(v -> v.getString("version")).containsExactly("2.0.0");
    assertThat(last.json().containsKey("nextCursor")).isFalse();
  }

  @Test
  void aRangeFilterPagesWithItsCursorAndFindsMatchesBeyondManyNonMatchingVersions() {
    String wf = workflow("sparse");
    for (int i = 0; i < 300; i++) {
      Reply beta = create(wf, new JsonObject().put("bump", "major").put("prerelease", "b").put("definition", Definitions.valid(i)));
      assertThat(beta.status()).isEqualTo(201);
    }
    for (String version : List.of("1.5.0", "1.6.0", "1.7.0")) {
      create(wf, new JsonObject().put("version", version).put("definition", Definitions.valid(version)));
    }
    // every 1.0.0-b.N lies below 2.0.0 but, being a prerelease, does not satisfy <2.0.0 (npm's rule)
    Reply first = suite.get(wf + "/versions?limit=2&range=" + encode("<2.0.0"), ADMIN_TOKEN);
    assertThat(first.items()).extracting(v -> v.getString("version")).containsExactly("1.5.0", "1.6.0");
    Reply second = suite.get(wf + "/versions?limit=2&range=" + encode("<2.0.0") + "&cursor=" + first.json().getString("nextCursor"), ADMIN_TOKEN);
    assertThat(second.items()).extracting(v -> v.getString("version")).containsExactly("1.7.0");
    assertThat(versions(wf + "/versions?limit=3&range=" + encode(">=1.0.0-b.299 <1.0.0"))).containsExactly("1.0.0-b.299", "1.0.0-b.300");
  }

  @Test
  void aVersionIdenticalToItsBaseIsRefused() {
    String wf = workflow("identical");
    createBumped(wf, "major", "same");
    Reply again = create(wf, new JsonObject().put("bump", "minor").put("definition", Definitions.valid("same")));
    assertThat(again.isProblem(422)).isTrue();
    assertThat(again.json().getString("detail")).contains("identical").contains("1.0.0");
    // the same definition with its keys in another order is the same definition
    JsonObject reordered = new JsonObject("{\"inputSchema\":{\"type\":\"object\"},"
        + "\"connections\":[{\"to\":\"enrich\",\"from\":\"start\",\"id\":\"c1\"}],"
        + "\"nodes\":[{\"typeVersion\":\"1.0.0\",\"type\":\"trigger\",\"id\":\"start\"},"
        + "{\"config\":{\"set\":{\"marker\":\"same\"}},\"type\":\"transform\",\"id\":\"enrich\"}]}");
    assertThat(create(wf, new JsonObject().put("definition", reordered).put("bump", "patch")).isProblem(422)).isTrue();
    assertThat(versions(wf + "/versions")).containsExactly("1.0.0");
  }

  @Test
  void aDraftsDefinitionIsReplacedOnlyWithTheCurrentEtagAndOnlyWhileDraft() {
    String wf = workflow("drafts");
    Reply created = create(wf, new JsonObject().put("version", "1.0.0").put("definition", Definitions.valid(1)));
    String etag = created.etag();
    assertThat(etag).isEqualTo("\"1\"");
    String definitionPath = wf + "/versions/1.0.0/definition";
    Buffer next = Buffer.buffer(Definitions.valid(2).encode());

    assertThat(suite.send(HttpMethod.PUT, definitionPath, ADMIN_TOKEN, next, Map.of()).isProblem(428)).isTrue();
    assertThat(suite.send(HttpMethod.PUT, definitionPath, ADMIN_TOKEN, next, Map.of("If-Match", "\"7\"")).isProblem(412)).isTrue();
    Reply replaced = suite.send(HttpMethod.PUT, definitionPath, ADMIN_TOKEN, next, Map.of("If-Match", etag));
    assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
    assertThat(replaced.etag()).isNotEqualTo(etag);
    assertThat(replaced.json().getString("digest")).isNotEqualTo(created.json().getString("digest"));
    assertThat(suite.send(HttpMethod.PUT, definitionPath, ADMIN_TOKEN, Buffer.buffer(Definitions.valid(3).encode()),
        Map.of("If-Match", etag)).isProblem(412)).as("a stale ETag loses").isTrue();

    assertThat(suite.post(wf + "/versions/1.0.0/publish", ADMIN_TOKEN, null).status()).isEqualTo(200);
    Reply immutable = suite.send(HttpMethod.PUT, definitionPath, ADMIN_TOKEN, Buffer.buffer(Definitions.valid(4).encode()),
        Map.of("If-Match", suite.get(wf + "/versions/1.0.0", ADMIN_TOKEN).etag()));
    assertThat(immutable.isProblem(409)).isTrue();
    assertThat(suite.get(wf + "/versions/1.0.0", ADMIN_TOKEN).json().getJsonObject("definition")).isEqualTo(Definitions.valid(2));
  }

  @Test
  void theLifecycleGoesDraftPublishedDeprecatedArchivedAndNeverBack() {
    String wf = workflow("lifecycle");
    create(wf, new JsonObject().put("version", "1.0.0").put("definition", Definitions.valid(1)));
    String v = wf + "/versions/1.0.0";
    assertThat(suite.post(v + "/deprecate", ADMIN_TOKEN, null).isProblem(409)).as("a draft cannot be deprecated").isTrue();
    assertThat(suite.post(v + "/publish", ADMIN_TOKEN, new JsonObject().put("reason", "ready")).json().getString("status")).isEqualTo("published");
    assertThat(suite.post(v + "/publish", ADMIN_TOKEN, null).isProblem(409)).isTrue();
    assertThat(suite.post(v + "/deprecate", ADMIN_TOKEN, null).json().getString("status")).isEqualTo("deprecated");
    assertThat(suite.post(v + "/archive", ADMIN_TOKEN, null).json().getString("status")).isEqualTo("archived");
    assertThat(suite.post(v + "/publish", ADMIN_TOKEN, null).isProblem(409)).isTrue();
    assertThat(suite.get(v, ADMIN_TOKEN).json().getString("status")).isEqualTo("archived");
    assertThat(suite.post(wf + "/versions/9.9.9/publish", ADMIN_TOKEN, null).isProblem(404)).isTrue();
  }

  private List<String> versions(String path) {
    Reply reply = suite.get(path, ADMIN_TOKEN);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.items().stream().map(v -> v.getString("version")).toList();
  }

  private static String encode(String text) {
    return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
  }
}
