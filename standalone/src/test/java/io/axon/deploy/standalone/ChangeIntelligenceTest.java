package io.axon.deploy.standalone;

import static io.axon.deploy.standalone.RunningSuite.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Diffs, enforced SemVer, changelogs and dependency resolution through the HTTP API. */
class ChangeIntelligenceTest extends SuiteTest {

  /** The base definition: a trigger and an HTTP call, orderId required, note optional. */
  private static JsonObject definition() {
    return new JsonObject()
        .put("nodes", new JsonArray()
            .add(new JsonObject().put("id", "start").put("type", "trigger"))
            .add(new JsonObject().put("id", "fetch").put("type", "http").put("typeVersion", "1.0.0")
                .put("config", new JsonObject().put("url", "http://127.0.0.1:9/orders").put("timeoutMs", 100))))
        .put("connections", new JsonArray().add(new JsonObject().put("id", "c1").put("from", "start").put("to", "fetch")))
        .put("inputSchema", new JsonObject().put("type", "object").put("required", new JsonArray().add("orderId"))
            .put("properties", new JsonObject().put("orderId", new JsonObject().put("type", "string"))
                .put("note", new JsonObject().put("type", "string"))));
  }

  private static JsonObject withoutNote() {
    JsonObject d = definition();
    d.getJsonObject("inputSchema").getJsonObject("properties").remove("note");
    return d;
  }

  private static JsonObject withCoupon() {
    JsonObject d = definition();
    d.getJsonObject("inputSchema").getJsonObject("properties").put("coupon", new JsonObject().put("type", "string"));
    return d;
  }

  private static JsonObject withTimeout(int ms) {
    JsonObject d = definition();
    d.getJsonArray("nodes").getJsonObject(1).getJsonObject("config").put("timeoutMs", ms);
    return d;
  }

  private String workflow(String key) {
    suite.post("/api/v1/workflows", ADMIN_TOKEN, new JsonObject().put("key", key).put("name", key));
    return "/api/v1/workflows/" + key;
  }

  private Reply create(String wf, JsonObject request) {
    return suite.post(wf + "/versions", ADMIN_TOKEN, request);
  }

  private Reply explicit(String wf, String version, JsonObject definition) {
    return create(wf, new JsonObject().put("version", version).put("definition", definition));
  }

  @Test
  void theDiffListsEachChangeWithItsImpactAndTheBumpItNeeds() {
    String wf = workflow("diffed");
    explicit(wf, "1.0.0", definition());
    explicit(wf, "2.0.0", withoutNote().put("config", new JsonObject().put("timeoutMs", 5000)));
    JsonObject diff = suite.get(wf + "/diff?from=1.0.0&to=2.0.0", ADMIN_TOKEN).json();
    assertThat(diff.getString("requiredBump")).isEqualTo("major");
    assertThat(diff.getJsonObject("compatibility").getString("backward")).isEqualTo("incompatible");
    List<JsonObject> changes = diff.getJsonArray("changes").stream().map(JsonObject.class::cast).toList();
    assertThat(changes).extracting(c -> c.getString("path"), c -> c.getString("impact"), c -> c.getString("changelogType"))
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("/config", "bugfix", "changed"),
            org.assertj.core.groups.Tuple.tuple("/inputSchema/properties/note", "breaking", "removed"));

    JsonObject back = suite.get(wf + "/diff?from=2.0.0&to=1.0.0", ADMIN_TOKEN).json();
    assertThat(back.getString("requiredBump")).as("adding an optional input back is a feature").isEqualTo("minor");

    assertThat(suite.get(wf + "/diff?from=1.0.0&to=9.0.0", ADMIN_TOKEN).isProblem(404)).isTrue();
    assertThat(suite.get(wf + "/diff?from=1.0&to=2.0.0", ADMIN_TOKEN).isProblem(400)).isTrue();
    assertThat(suite.get(wf + "/diff?from=1.0.0", ADMIN_TOKEN).isProblem(400)).isTrue();
  }

  @Test
  void aBumpTooSmallForItsChangesIsRefusedNamingEachChangeUnlessForcedAndAudited() {
    String wf = workflow("truthful");
    explicit(wf, "1.0.0", definition());
    Reply lie = explicit(wf, "1.0.1", withoutNote());
    assertThat(lie.isProblem(422)).as(lie.toString()).isTrue();
    assertThat(lie.errorPaths()).containsExactly("/definition/inputSchema/properties/note");
    assertThat(lie.json().getString("detail")).contains("major");
    assertThat(create(wf, new JsonObject().put("bump", "minor").put("definition", withoutNote())).isProblem(422)).isTrue();

    Reply forced = create(wf, new JsonObject().put("version", "1.0.1").put("force", true).put("definition", withoutNote()));
    assertThat(forced.status()).isEqualTo(201);
    List<JsonObject> audit = suite.get("/api/v1/audit?subject=workflows/truthful/versions/1.0.1", ADMIN_TOKEN).items();
    assertThat(audit.get(0).getJsonObject("details").getBoolean("forced")).isTrue();
    assertThat(audit.get(0).getJsonObject("details").getString("requiredBump")).isEqualTo("major");
  }

  @Test
  void aDraftsNewDefinitionIsHeldToItsVersionNumberToo() {
    String wf = workflow("redrafted");
    explicit(wf, "1.0.0", definition());
    Reply draft = explicit(wf, "1.0.1", withTimeout(5));
    String path = wf + "/versions/1.0.1/definition";
    Reply lie = suite.send(HttpMethod.PUT, path, ADMIN_TOKEN, io.vertx.core.buffer.Buffer.buffer(withoutNote().encode()),
        Map.of("If-Match", draft.etag()));
    assertThat(lie.isProblem(422)).as(lie.toString()).isTrue();
    assertThat(lie.errorPaths()).containsExactly("/inputSchema/properties/note"); // into the body sent: the definition
    Reply forced = suite.send(HttpMethod.PUT, path + "?force=true", ADMIN_TOKEN,
        io.vertx.core.buffer.Buffer.buffer(withoutNote().encode()), Map.of("If-Match", draft.etag()));
    assertThat(forced.status()).as(forced.toString()).isEqualTo(200);
    assertThat(forced.json().getJsonObject("metadata").getJsonObject("compatibility").getString("backward")).isEqualTo("incompatible");
    assertThat(forced.json().getJsonObject("metadata").getJsonArray("changelog").encode()).contains("input field note removed");
  }

  @Test
  void autoPicksTheSmallestCorrectBump() {
    String wf = workflow("automatic");
    assertThat(create(wf, new JsonObject().put("bump", "auto").put("definition", definition())).json().getString("version"))
        .as("the first version starts initial development").isEqualTo("0.1.0");
    explicit(wf, "1.0.0", withTimeout(1));
    assertThat(create(wf, new JsonObject().put("bump", "auto").put("definition", withTimeout(2))).json().getString("version")).isEqualTo("1.0.1");
    assertThat(create(wf, new JsonObject().put("bump", "auto").put("definition", withCoupon())).json().getString("version")).isEqualTo("1.1.0");
    assertThat(create(wf, new JsonObject().put("bump", "auto").put("definition", withoutNote())).json().getString("version")).isEqualTo("2.0.0");
    assertThat(create(wf, new JsonObject().put("bump", "auto").put("prerelease", "rc").put("definition", withoutNote().put("config", new JsonObject())))
        .json().getString("version")).isEqualTo("2.0.1-rc.1");
  }

  @Test
  void aPrereleaseIsCheckedAgainstTheReleaseItsLineFollows() {
    String wf = workflow("prereleased");
    explicit(wf, "1.0.0", definition());
    assertThat(explicit(wf, "2.0.0-beta.1", withoutNote()).status()).isEqualTo(201);
    assertThat(explicit(wf, "2.0.0-beta.2", withoutNote().put("config", new JsonObject())).status())
        .as("prereleases of one line differ freely").isEqualTo(201);
    assertThat(explicit(wf, "1.1.0-beta.1", withoutNote()).isProblem(422)).isTrue();
  }

  @Test
  void aReleaseMadeFromItsOwnPrereleaseMayKeepItsDefinitionButABaseMustLieBelow() {
    String wf = workflow("promoted");
    explicit(wf, "1.0.0", definition());
    assertThat(explicit(wf, "2.0.0-rc.1", withoutNote()).status()).isEqualTo(201);
    assertThat(explicit(wf, "2.0.0", withoutNote()).status()).as("rc.1 promoted as it is").isEqualTo(201);
    Reply above = create(wf, new JsonObject().put("version", "1.5.0").put("baseVersion", "2.0.0").put("definition", withCoupon()));
    assertThat(above.isProblem(422)).isTrue();
    assertThat(above.errorPaths()).containsExactly("/baseVersion");
  }

  @Test
  void theChangelogCoversEveryVersionUpToOneAsJsonAndAsKeepAChangelogMarkdown() {
    String wf = workflow("logged");
    explicit(wf, "1.0.0", definition());
    create(wf, new JsonObject().put("version", "1.1.0").put("definition", withCoupon())
        .put("changelog", new JsonArray().add(new JsonObject().put("type", "security").put("description", "coupon codes are hashed"))));
    explicit(wf, "2.0.0", withoutNote());

    JsonObject json = suite.get(wf + "/versions/1.1.0/changelog", ADMIN_TOKEN).json();
    List<JsonObject> releases = json.getJsonArray("releases").stream().map(JsonObject.class::cast).toList();
    assertThat(releases).extracting(r -> r.getString("version")).containsExactly("1.1.0", "1.0.0");
    assertThat(releases.get(0).getJsonArray("entries").stream().map(e -> ((JsonObject) e).getString("description")))
        .containsExactly("input field coupon added", "coupon codes are hashed");

    Reply markdown = suite.send(HttpMethod.GET, wf + "/versions/2.0.0/changelog", ADMIN_TOKEN, null, Map.of("Accept", "text/markdown"));
    assertThat(markdown.contentType()).startsWith("text/markdown");
    assertThat(markdown.text()).startsWith("# Changelog")
        .contains("## [2.0.0] - ").contains("### Removed\n\n- input field coupon removed (breaking)\n- input field note removed (breaking)")
        .contains("## [1.1.0]").contains("### Added\n\n- input field coupon added").contains("### Security\n\n- coupon codes are hashed");
    assertThat(markdown.text().indexOf("## [2.0.0]")).isLessThan(markdown.text().indexOf("## [1.1.0]"));
  }

  private void published(String key, String version, JsonArray dependencies) {
    String wf = "/api/v1/workflows/" + key;
    if (suite.get(wf, ADMIN_TOKEN).status() == 404) {
      workflow(key);
    }
    Reply created = create(wf, new JsonObject().put("version", version).put("force", true)
        .put("definition", withTimeout(version.hashCode() & 0xffff)).put("dependencies", dependencies));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    suite.post(wf + "/versions/" + version + "/publish", ADMIN_TOKEN, null);
  }

  private static JsonObject needs(String type, String name, String constraint) {
    return new JsonObject().put("type", type).put("name", name).put("constraint", constraint);
  }

  @Test
  void dependenciesResolveToTheHighestPublishedVersionAndReportConflictsMissingAndCycles() {
    for (String v : List.of("2.1.0", "2.3.0", "3.0.0")) {
      published("billing", v, new JsonArray());
    }
    published("billing", "2.4.0", new JsonArray());
    suite.post("/api/v1/workflows/billing/versions/2.4.0/archive", ADMIN_TOKEN, null);
    published("tax", "1.0.0", new JsonArray().add(needs("workflow", "billing", "^3.0.0")));
    published("ledger", "1.2.0", new JsonArray().add(needs("workflow", "billing", ">=2.0.0")));
    suite.post("/api/v1/workflows/ledger/versions/1.2.0/deprecate", ADMIN_TOKEN, null);
    published("orders", "1.0.0", new JsonArray()
        .add(needs("workflow", "billing", "^2.1.0")).add(needs("workflow", "tax", "^1.0.0"))
        .add(needs("workflow", "ledger", "~1.2")).add(needs("workflow", "ghost", "^1.0.0"))
        .add(needs("node", "http", "^1.0.0")).add(needs("service", "payments-api", "^4.0.0")));

    JsonObject resolution = suite.get("/api/v1/workflows/orders/versions/1.0.0/dependencies", ADMIN_TOKEN).json();
    assertThat(resolution.getJsonArray("conflicts").getJsonObject(0).getJsonArray("ranges")).containsExactlyInAnyOrder("^2.1.0", "^3.0.0", ">=2.0.0");
    assertThat(resolution.getJsonArray("missing").getJsonObject(0).getString("name")).isEqualTo("ghost");
    Map<String, String> resolved = new java.util.TreeMap<>();
    resolution.getJsonArray("resolved").forEach(r -> resolved.put(((JsonObject) r).getJsonObject("dependency").getString("name"),
        ((JsonObject) r).getString("resolvedVersion")));
    assertThat(resolved).containsEntry("tax", "1.0.0").containsEntry("ledger", "1.2.0").containsEntry("http", "1.0.0");
    assertThat(resolution.getJsonArray("warnings").encode()).contains("ledger@1.2.0 is deprecated");

    published("loop-a", "1.0.0", new JsonArray().add(needs("workflow", "loop-b", "^1.0.0")));
    published("loop-b", "1.0.0", new JsonArray().add(needs("workflow", "loop-a", "^1.0.0")));
    JsonObject looped = suite.get("/api/v1/workflows/loop-a/versions/1.0.0/dependencies", ADMIN_TOKEN).json();
    assertThat(looped.getJsonArray("cycles").getJsonArray(0)).containsExactly("loop-a", "loop-b", "loop-a");

    JsonObject alone = suite.get("/api/v1/workflows/billing/versions/2.1.0/dependencies", ADMIN_TOKEN).json();
    assertThat(alone.getJsonArray("resolved")).isEmpty();
    assertThat(suite.get("/api/v1/workflows/billing/versions/2.2.0/dependencies", ADMIN_TOKEN).isProblem(404)).isTrue();
  }

  @Test
  void anInvalidDependencyRangeIsRefused() {
    String wf = workflow("badly-dependent");
    Reply reply = create(wf, new JsonObject().put("version", "1.0.0").put("definition", definition())
        .put("dependencies", new JsonArray().add(needs("workflow", "billing", "latest"))));
    assertThat(reply.isProblem(422)).isTrue();
    assertThat(reply.errorPaths()).containsExactly("/dependencies/0/constraint");
  }
}
