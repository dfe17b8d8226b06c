package io.axon.deploy.registry.change;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.registry.version.Bump;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Laws of change detection that hold for any two definitions. */
class ChangePropertiesTest {
  private final ChangeDetector detector = new ChangeDetector();

  @Provide
  Arbitrary<JsonObject> definitions() {
    Arbitrary<JsonObject> config = Combinators.combine(Arbitraries.of("a", "b", "url"), Arbitraries.integers().between(0, 3),
            Arbitraries.of(true, false))
        .as((key, value, nested) -> nested
            ? new JsonObject().put(key, new JsonObject().put("deep", value))
            : new JsonObject().put(key, value));
    Arbitrary<JsonObject> node = Combinators.combine(Arbitraries.of("n1", "n2", "n3", "n4", "n5"),
            Arbitraries.of("trigger", "log", "http", "transform"), Arbitraries.of("1.0.0", "1.1.0", "2.0.0", "^1.0.0", ""),
            Arbitraries.of("", "Title", "Other"), Arbitraries.integers().between(0, 2), config)
        .as((id, type, typeVersion, title, x, cfg) -> {
          JsonObject n = new JsonObject().put("id", id).put("type", type).put("config", cfg);
          if (!typeVersion.isEmpty()) {
            n.put("typeVersion", typeVersion);
          }
          if (!title.isEmpty()) {
            n.put("title", title);
          }
          return n.put("position", new JsonObject().put("x", x).put("y", 0));
        });
    Arbitrary<JsonObject> connection = Combinators.combine(Arbitraries.of("c1", "c2", "c3"),
            Arbitraries.of("n1", "n2", "n3"), Arbitraries.of("n3", "n4", "n5"))
        .as((id, from, to) -> new JsonObject().put("id", id).put("from", from).put("to", to));
    Arbitrary<JsonObject> schema = Combinators.combine(
            Arbitraries.of("f1", "f2", "f3").set().ofMaxSize(3), Arbitraries.of("f1", "f2").set().ofMaxSize(2),
            Arbitraries.of("string", "integer", "number"), Arbitraries.of(true, false))
        .as((fields, required, type, present) -> {
          JsonObject properties = new JsonObject();
          fields.stream().sorted().forEach(f -> properties.put(f, new JsonObject().put("type", f.equals("f1") ? type : "string")));
          return present ? new JsonObject().put("type", "object").put("properties", properties)
              .put("required", new JsonArray(required.stream().sorted().toList())) : null;
        });
    return Combinators.combine(node.list().ofMaxSize(5).uniqueElements(n -> n.getString("id")),
            connection.list().ofMaxSize(3).uniqueElements(c -> c.getString("id")), schema, schema,
            Arbitraries.integers().between(0, 2))
        .as((nodes, connections, input, output, timeout) -> {
          JsonObject d = new JsonObject().put("nodes", new JsonArray(nodes)).put("connections", new JsonArray(connections))
              .put("config", new JsonObject().put("timeoutMs", timeout * 1000));
          if (input != null) {
            d.put("inputSchema", input);
          }
          if (output != null) {
            d.put("outputSchema", output);
          }
          return d;
        });
  }

  private record Step(String path, String before, String after) {
  }

  private static Set<Step> steps(List<Change> changes, boolean reversed) {
    return changes.stream()
        .map(c -> new Step(c.path(), String.valueOf(reversed ? c.after() : c.before()), String.valueOf(reversed ? c.before() : c.after())))
        .collect(Collectors.toSet());
  }

  @Property(tries = 500)
  void applyingTheChangesToTheFirstReproducesTheSecond(@ForAll("definitions") JsonObject a, @ForAll("definitions") JsonObject b) {
    List<Change> changes = detector.detect(a, b);
    assertThat(DefinitionModel.apply(DefinitionModel.keyed(a), changes)).isEqualTo(DefinitionModel.keyed(b));
  }

  @Property(tries = 500)
  void theDiffBackwardsMirrorsTheDiffForwards(@ForAll("definitions") JsonObject a, @ForAll("definitions") JsonObject b) {
    assertThat(steps(detector.detect(b, a), false)).isEqualTo(steps(detector.detect(a, b), true));
  }

  @Property(tries = 500)
  void theRequiredBumpNeverUndershootsAChange(@ForAll("definitions") JsonObject a, @ForAll("definitions") JsonObject b) {
    SemanticVersion base = SemanticVersion.parse("1.3.0");
    ChangeAnalysis analysis = ChangeAnalysis.of(detector.detect(a, b), base);
    for (Change change : analysis.changes()) {
      Bump needed = ChangeAnalysis.bumpFor(change.impact(), base);
      assertThat(analysis.requiredBump()).isPresent();
      assertThat(analysis.requiredBump().get().ordinal()).as(change.description()).isLessThanOrEqualTo(needed.ordinal());
    }
    assertThat(analysis.requiredBump().isEmpty()).isEqualTo(analysis.changes().isEmpty());
  }

  @Property(tries = 200)
  void aDefinitionHasNoChangesFromItself(@ForAll("definitions") JsonObject a) {
    assertThat(detector.detect(a, a.copy())).isEmpty();
  }
}
