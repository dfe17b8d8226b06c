package io.axon.deploy.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;

/**
 * The rules of Redocly's recommended lint that CI runs ({@code .ci/run}), checked here too so that a
 * build without Node.js catches them: every operation has a summary, a unique id and its 4xx
 * answers; every tag is described; every schema holds only JSON Schema keywords (a description cut
 * at a comma in flow YAML turns into a bogus property).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentTest {
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
  private static final Set<String> SCHEMA_KEYWORDS = Set.of("type", "enum", "const", "properties", "required",
      "additionalProperties", "items", "minItems", "maxItems", "uniqueItems", "minLength", "maxLength", "pattern",
      "format", "minimum", "maximum", "default", "description", "$ref", "oneOf", "anyOf", "allOf", "not", "examples",
      "example", "nullable", "title", "readOnly", "writeOnly");
  private Map<String, Object> document;

  @BeforeAll
  void load() throws Exception {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("openapi.yaml")) {
      document = new Yaml().load(in);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyOperationHasASummaryAUniqueIdAndItsClientErrors() {
    List<String> problems = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
    paths.forEach((path, item) -> item.forEach((method, value) -> {
      if (!METHODS.contains(method)) {
        return;
      }
      Map<String, Object> operation = (Map<String, Object>) value;
      String where = method.toUpperCase() + " " + path;
      if (!(operation.get("summary") instanceof String summary) || summary.isBlank()) {
        problems.add(where + " has no summary");
      }
      if (!(operation.get("operationId") instanceof String id) || !ids.add(id)) {
        problems.add(where + " has no operationId, or one used twice");
      }
      Map<String, Object> responses = (Map<String, Object>) operation.get("responses");
      if (responses.keySet().stream().noneMatch(status -> String.valueOf(status).startsWith("4"))) {
        problems.add(where + " documents no 4xx answer");
      }
    }));
    assertThat(problems).isEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyTagIsDescribed() {
    List<Map<String, Object>> tags = (List<Map<String, Object>>) document.get("tags");
    assertThat(tags).allSatisfy(tag -> assertThat(tag.get("description")).as(String.valueOf(tag.get("name"))).isInstanceOf(String.class));
  }

  @Test
  void everySchemaHoldsOnlyJsonSchemaKeywords() {
    List<String> problems = new ArrayList<>();
    walk(document, "#", false, problems);
    assertThat(problems).isEmpty();
  }

  /** Visits every schema: the values of "schema", of components/schemas, and the subschemas inside them. */
  @SuppressWarnings("unchecked")
  private static void walk(Object node, String at, boolean isSchema, List<String> problems) {
    if (node instanceof Map<?, ?> raw) {
      Map<String, Object> map = (Map<String, Object>) raw;
      if (isSchema) {
        map.keySet().stream().filter(key -> !SCHEMA_KEYWORDS.contains(key))
            .forEach(key -> problems.add(at + " has '" + key + "', which is no JSON Schema keyword"));
        if (map.containsKey("description") && !(map.get("description") instanceof String)) {
          problems.add(at + "/description is not text");
        }
      }
      map.forEach((key, value) -> {
        String child = at + "/" + key;
        boolean schema = key.equals("schema") || at.endsWith("/components/schemas")
            || (isSchema && (key.equals("items") || key.equals("not") || (key.equals("additionalProperties") && value instanceof Map)));
        if (isSchema && key.equals("properties") && value instanceof Map<?, ?> properties) {
          properties.forEach((name, property) -> walk(property, child + "/" + name, true, problems));
        } else if (isSchema && (key.equals("oneOf") || key.equals("anyOf") || key.equals("allOf")) && value instanceof List<?> list) {
          for (int i = 0; i < list.size(); i++) {
            walk(list.get(i), child + "/" + i, true, problems);
          }
        } else if (!(isSchema && (key.equals("enum") || key.equals("required") || key.equals("default") || key.equals("examples")
            || key.equals("example") || key.equals("const")))) {
          walk(value, child, schema, problems);
        }
      });
    } else if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(list.get(i), at + "/" + i, false, problems);
      }
    }
  }
}
