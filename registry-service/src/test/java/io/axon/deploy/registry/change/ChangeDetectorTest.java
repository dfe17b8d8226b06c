package io.axon.deploy.registry.change;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.registry.version.Bump;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The change rules of DESIGN §2, one example each. */
class ChangeDetectorTest {
  private final ChangeDetector detector = new ChangeDetector();

  private static final JsonObject BASE = new JsonObject("""
      {"nodes": [{"id": "start", "type": "trigger", "typeVersion": "1.0.0", "title": "Start", "position": {"x": 0, "y": 0}},
                 {"id": "fetch", "type": "http", "typeVersion": "1.2.0", "config": {"url": "http://a", "timeoutMs": 100}}],
       "connections": [{"id": "c1", "from": "start", "to": "fetch"}],
       "config": {"timeoutMs": 30000},
       "inputSchema": {"type": "object", "required": ["orderId"],
                       "properties": {"orderId": {"type": "string"}, "note": {"type": "string"}, "amount": {"type": "integer"}}},
       "outputSchema": {"type": "object", "properties": {"status": {"type": "string"}}}}
      """);

  private record Seen(String kind, Impact impact, String path) {
  }

  private List<Seen> changes(String edit) {
    JsonObject after = BASE.copy();
    edit(after, edit);
    return detector.detect(BASE, after).stream().map(c -> new Seen(c.kind(), c.impact(), c.path())).toList();
  }

  /** Tiny edits written as "pointer=json" or "pointer=" (remove), on the keyed form, then listed again. */
  private static void edit(JsonObject definition, String edit) {
    JsonObject keyed = DefinitionModel.keyed(definition);
    for (String step : edit.split(";")) {
      String[] parts = step.split("=", 2);
      Object value = parts[1].isEmpty() ? Change.ABSENT : new JsonObject("{\"v\":" + parts[1] + "}").getValue("v");
      keyed = DefinitionModel.apply(keyed, List.of(new Change("edit", parts[0], Impact.BUGFIX, ChangelogType.CHANGED, "", List.of(), null, value)));
    }
    definition.put("nodes", new io.vertx.core.json.JsonArray(keyed.getJsonObject("nodes").stream().map(e -> e.getValue()).toList()));
    definition.put("connections", new io.vertx.core.json.JsonArray(keyed.getJsonObject("connections").stream().map(e -> e.getValue()).toList()));
    for (String field : List.of("config", "inputSchema", "outputSchema")) {
      if (keyed.containsKey(field)) {
        definition.put(field, keyed.getValue(field));
      } else {
        definition.remove(field);
      }
    }
  }

  @Test
  void removingANodeOrChangingItsTypeBreaks() {
    assertThat(changes("/nodes/fetch=;/connections/c1=")).extracting(Seen::kind, Seen::impact)
        .contains(org.assertj.core.groups.Tuple.tuple("node.removed", Impact.BREAKING));
    assertThat(changes("/nodes/fetch/type=\"transform\"")).containsExactly(new Seen("node.type.changed", Impact.BREAKING, "/nodes/fetch/type"));
  }

  @Test
  void addingANodeOrBumpingItsTypeVersionsMinorIsAFeature() {
    assertThat(changes("/nodes/log/id=\"log\";/nodes/log/type=\"log\"")).containsExactly(new Seen("node.added", Impact.FEATURE, "/nodes/log"));
    assertThat(changes("/nodes/fetch/typeVersion=\"1.3.0\"")).extracting(Seen::impact).containsExactly(Impact.FEATURE);
    assertThat(changes("/nodes/fetch/typeVersion=\"1.2.1\"")).extracting(Seen::impact).containsExactly(Impact.BUGFIX);
    assertThat(changes("/nodes/fetch/typeVersion=\"2.0.0\"")).extracting(Seen::impact).containsExactly(Impact.BREAKING);
    assertThat(changes("/nodes/fetch/typeVersion=\"1.1.0\"")).as("a downgrade").extracting(Seen::impact).containsExactly(Impact.BREAKING);
    assertThat(changes("/nodes/start/typeVersion=\"^1.0.0\"")).as("the catalog resolves both to 1.0.0")
        .extracting(Seen::impact).containsExactly(Impact.COSMETIC);
    assertThat(changes("/nodes/start/typeVersion=\"^7.0.0\"")).as("nothing offers it").extracting(Seen::kind, Seen::impact)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("node.type-version.unresolvable", Impact.BREAKING));
  }

  @Test
  void configValuesAreFixesAndTitlesAndPositionsCosmetic() {
    assertThat(changes("/nodes/fetch/config/timeoutMs=200"))
        .containsExactly(new Seen("node.config.changed", Impact.BUGFIX, "/nodes/fetch/config/timeoutMs"));
    assertThat(changes("/config/timeoutMs=1000")).containsExactly(new Seen("config.changed", Impact.BUGFIX, "/config/timeoutMs"));
    assertThat(changes("/nodes/start/title=\"Begin\";/nodes/start/position/x=40")).extracting(Seen::impact)
        .containsOnly(Impact.COSMETIC);
  }

  @Test
  void inputContractChanges() {
    assertThat(changes("/inputSchema/properties/note=")).extracting(Seen::kind, Seen::impact)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("input.field.removed", Impact.BREAKING));
    assertThat(changes("/inputSchema/required=[\"orderId\",\"note\"]")).extracting(Seen::kind, Seen::impact)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("input.field.required", Impact.BREAKING));
    assertThat(changes("/inputSchema/properties/coupon={\"type\":\"string\"}")).extracting(Seen::kind, Seen::impact)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("input.field.added", Impact.FEATURE));
    assertThat(changes("/inputSchema/properties/amount/type=\"number\"")).extracting(Seen::kind, Seen::impact)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("input.field.type.widened", Impact.FEATURE));
    assertThat(changes("/inputSchema/properties/note/type=\"integer\"")).extracting(Seen::impact).containsExactly(Impact.BREAKING);
    assertThat(changes("/inputSchema/properties/note/maxLength=10")).extracting(Seen::impact).containsExactly(Impact.BREAKING);
    assertThat(changes("/inputSchema/properties/note/description=\"free text\"")).extracting(Seen::impact).containsExactly(Impact.COSMETIC);
  }

  @Test
  void theWholePropertiesKeywordComingOrGoingIsJudgedFieldByField() {
    JsonObject bare = BASE.copy().put("inputSchema", new JsonObject().put("type", "object"));
    List<Change> added = detector.detect(bare, BASE);
    assertThat(added).extracting(Change::kind, Change::impact).contains(
        org.assertj.core.groups.Tuple.tuple("input.field.added", Impact.FEATURE),
        org.assertj.core.groups.Tuple.tuple("input.field.required", Impact.BREAKING));
    assertThat(detector.detect(BASE, bare)).extracting(Change::kind).contains("input.field.removed");
  }

  @Test
  void nestedFieldsAreComparedLikeTopLevelOnes() {
    JsonObject nested = BASE.copy();
    nested.getJsonObject("outputSchema").getJsonObject("properties").put("order", new JsonObject().put("type", "object")
        .put("properties", new JsonObject().put("id", new JsonObject().put("type", "string"))));
    JsonObject widened = nested.copy();
    widened.getJsonObject("outputSchema").getJsonObject("properties").getJsonObject("order").getJsonObject("properties")
        .getJsonObject("id").put("type", new io.vertx.core.json.JsonArray().add("string").add("null"));
    assertThat(detector.detect(nested, widened)).extracting(Change::description, Change::impact)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("output field order.id type widened from string to string|null", Impact.BREAKING));
  }

  @Test
  void outputContractChanges() {
    assertThat(changes("/outputSchema/properties/status=")).extracting(Seen::impact).containsExactly(Impact.BREAKING);
    assertThat(changes("/outputSchema/properties/total={\"type\":\"number\"}")).extracting(Seen::impact).containsExactly(Impact.FEATURE);
    assertThat(changes("/outputSchema/properties/status/type=[\"string\",\"null\"]")).extracting(Seen::kind, Seen::impact)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("output.field.type.widened", Impact.BREAKING));
  }

  @Test
  void theAnalysisNamesTheSmallestTruthfulBumpAndTheCompatibility() {
    JsonObject after = BASE.copy();
    edit(after, "/inputSchema/properties/note=");
    ChangeAnalysis breaking = ChangeAnalysis.of(detector.detect(BASE, after), SemanticVersion.parse("1.4.0"));
    assertThat(breaking.requiredBump()).contains(Bump.MAJOR);
    assertThat(breaking.backward()).isEqualTo(Compatibility.INCOMPATIBLE);
    assertThat(ChangeAnalysis.of(detector.detect(BASE, after), SemanticVersion.parse("0.4.0")).requiredBump())
        .as("initial development").contains(Bump.MINOR);

    JsonObject internal = BASE.copy();
    edit(internal, "/nodes/fetch/type=\"transform\"");
    ChangeAnalysis partial = ChangeAnalysis.of(detector.detect(BASE, internal), SemanticVersion.parse("1.4.0"));
    assertThat(partial.backward()).isEqualTo(Compatibility.PARTIALLY_COMPATIBLE);
    assertThat(partial.nodes().get("fetch").backward()).isEqualTo(Compatibility.PARTIALLY_COMPATIBLE);

    assertThat(ChangeAnalysis.of(detector.detect(BASE, BASE), SemanticVersion.parse("1.0.0")).requiredBump()).isEmpty();
  }
}
