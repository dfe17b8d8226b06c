package io.axon.deploy.standalone;

import static io.axon.deploy.standalone.RunningSuite.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.gateway.http.Operations;
import io.axon.deploy.gateway.http.Operations.Operation;
import io.axon.deploy.gateway.http.Operations.Parameter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * A hostile client, driven by the OpenAPI document: every operation gets odd but legal values of
 * every kind in each body field, query, path and header parameter, and in the body as a whole. No
 * answer may be a 5xx, every 4xx must be problem+json with errors, and a refused request must leave
 * the state (audit trail, workflows, versions, tokens) as it was.
 */
class OpenApiFuzzTest extends SuiteTest {
  private static final String MARK = "\"@@odd@@\"";
  /** Odd JSON values, as raw JSON text: some cannot even be written as a Java double. */
  private static final List<String> ODD_JSON = List.of(
      "null", "true", "0", "-1", "-0", "1.5", "1e308", "-1e308", "1e400", "-1e400", "1e-400",
      "123456789012345678901234567890", "\"\"", "\" \"", "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00x\"", "\"😀\"",
      "\"" + "x".repeat(5000) + "\"", "\"../../etc\"", "\"1.0.0\"", "\"^1.0.0\"", "\"-1\"", "[]", "[null]", "{}",
      "{\"\\u0000\": 1}", "{\"__proto__\": {}}", "[" .repeat(200) + "]".repeat(200));
  /** Odd parameter values, as text before URL encoding. */
  private static final List<String> ODD_TEXT = List.of(
      "", " ", "\u0000", "-1", "0", "1.5", "1e400", "99999999999999999999", "abc", "true", "null", "😀",
      "x".repeat(3000), "../..", "%", "1.0.0-99999999999999999999", "^1.0.0 || ", "*", ">=", "\ud83d");

  private Connection database;
  private Operations operations;
  /** Development as GET gave it at the start: the body of every PUT of an environment. */
  private JsonObject development;
  private final List<String> failures = new ArrayList<>();

  @BeforeAll
  void fixture() throws Exception {
    suite.post("/api/v1/workflows", ADMIN_TOKEN, new JsonObject().put("key", "fuzz").put("name", "Fuzz"));
    suite.post("/api/v1/workflows/fuzz/versions", ADMIN_TOKEN, new JsonObject().put("version", "1.0.0").put("definition", Definitions.valid(0)));
    suite.post("/api/v1/workflows/fuzz/versions/1.0.0/publish", ADMIN_TOKEN, null);
    suite.post("/api/v1/workflows/fuzz/versions", ADMIN_TOKEN, new JsonObject().put("version", "1.1.0").put("definition", Definitions.valid(1)));
    development = suite.get("/api/v1/environments/development", ADMIN_TOKEN).json();
    development.getJsonObject("config").getJsonObject("variables").put("PLAIN", "x")
        .put("SECRET", new JsonObject().put("value", "s").put("secret", true));
    development.getJsonObject("restrictions")
        .put("deploymentWindows", new JsonArray().add(new JsonObject().put("days", new JsonArray().add("monday"))
            .put("start", "02:00").put("end", "04:00").put("timezone", "Europe/Paris")))
        .put("freezes", new JsonArray().add(new JsonObject().put("from", "2025-12-20T00:00:00Z").put("to", "2026-01-05T00:00:00Z")));
    Map<String, Object> document = new Yaml().load(suite.get("/openapi.yaml", null).text());
    operations = new Operations(new JsonObject(document));
    database = DriverManager.getConnection("jdbc:postgresql://" + System.getenv().getOrDefault("AXON_TEST_PG_SERVER", "127.0.0.1:5432")
        + "/" + suite.database(), "postgres", "");
  }

  @AfterAll
  void closeDatabase() throws Exception {
    database.close();
  }

  @Test
  void oddValuesInEveryPlaceOfEveryOperationNeverGetA5xxAndARefusalChangesNothing() {
    List<Operation> ordered = new ArrayList<>(operations.all());
    // lifecycle moves last: once the fixture version is archived, the other writes would only meet 409s
    ordered.sort(java.util.Comparator.comparing(op -> List.of("publishVersion", "deprecateVersion", "archiveVersion").indexOf(op.id())));
    for (Operation operation : ordered) {
      for (Parameter parameter : operation.parameters()) {
        for (String odd : ODD_TEXT) {
          Map<String, String> values = baseline(operation);
          values.put(parameter.location(), odd);
          send(operation, values, body(operation).map(JsonObject::encode).orElse(null), parameter.location() + "=" + printable(odd));
        }
      }
      body(operation).ifPresent(body -> {
        for (String odd : ODD_JSON) {
          send(operation, baseline(operation), odd, "body=" + printable(odd));
          for (String pointer : pointers(body)) {
            send(operation, baseline(operation), mutate(body, pointer).replace(MARK, odd), pointer + "=" + printable(odd));
          }
        }
      });
    }
    assertThat(failures).as("requests answered with a 5xx, a 4xx without problem details, or a refusal that changed state").isEmpty();
  }

  private void send(Operation operation, Map<String, String> values, String body, String what) {
    String path = operation.template();
    StringBuilder query = new StringBuilder();
    Map<String, String> headers = new HashMap<>();
    for (Map.Entry<String, String> value : values.entrySet()) {
      String[] location = value.getKey().split("/", 2);
      switch (location[0]) {
        case "path" -> path = path.replace("{" + location[1] + "}", encode(value.getValue()));
        case "query" -> query.append(query.length() == 0 ? "?" : "&").append(location[1]).append('=').append(encode(value.getValue()));
        default -> headers.put(location[1], value.getValue().replaceAll("[^\\x20-\\x7e]", "?"));
      }
    }
    String stateBefore = state();
    Reply reply;
    try {
      reply = suite.send(operation.method(), path + query, ADMIN_TOKEN, body == null ? null : Buffer.buffer(body), headers);
    } catch (RuntimeException e) {
      failures.add(operation.id() + " " + what + ": no answer (" + e + ")");
      return;
    }
    String label = operation.id() + " " + what.substring(0, Math.min(what.length(), 120)) + " -> " + reply.status();
    if (reply.status() >= 500) {
      failures.add(label + " " + reply.text());
    } else if (reply.status() >= 400) {
      if (!reply.isProblem(reply.status()) || reply.json().getJsonArray("errors", new JsonArray()).isEmpty()) {
        failures.add(label + " without problem details and errors: " + reply.text());
      }
      if (!state().equals(stateBefore)) {
        failures.add(label + " changed the state");
      }
    }
  }

  /** The parameters every operation needs to reach a real resource. */
  private Map<String, String> baseline(Operation operation) {
    Map<String, String> values = new HashMap<>();
    for (Parameter parameter : operation.parameters()) {
      switch (parameter.location()) {
        case "path/key" -> values.put("path/key", "fuzz");
        case "path/env" -> values.put("path/env", "development");
        case "path/version" -> values.put("path/version", "1.1.0");
        case "query/from" -> values.put("query/from", "1.0.0");
        case "query/to" -> values.put("query/to", "1.1.0");
        case "header/If-Match" -> values.put("header/If-Match", "*");
        default -> {
          // optional: absent by default
        }
      }
    }
    return values;
  }

  /** A body each operation would accept. */
  private java.util.Optional<JsonObject> body(Operation operation) {
    if (operation.body().isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(switch (operation.id()) {
      case "createToken" -> new JsonObject().put("user", "fuzzer").put("roles", new JsonArray().add("viewer"));
      case "createWorkflow" -> new JsonObject().put("key", "fuzzed").put("name", "Fuzzed").put("description", "d");
      case "createVersion" -> new JsonObject().put("bump", "patch").put("definition", Definitions.valid(7)).put("title", "t")
          .put("tags", new JsonArray().add("a")).put("dependencies", new JsonArray())
          .put("changelog", new JsonArray().add(new JsonObject().put("type", "added").put("description", "d")));
      case "replaceDefinition" -> Definitions.valid(8);
      case "updateEnvironment" -> development.copy();
      default -> new JsonObject().put("reason", "because");
    });
  }

  /** Where an odd value goes in a body: each top-level field, and the parts of a definition or an environment inside. */
  private static List<String> pointers(JsonObject body) {
    List<String> pointers = new ArrayList<>();
    body.fieldNames().forEach(name -> pointers.add("/" + name));
    if (body.containsKey("restrictions")) {
      for (String part : List.of("/config/variables", "/config/variables/PLAIN", "/config/variables/SECRET/value",
          "/config/variables/SECRET/secret", "/config/other", "/restrictions/allowedVersionStatuses",
          "/restrictions/allowedVersionStatuses/0", "/restrictions/requiresApproval", "/restrictions/approvalsRequired",
          "/restrictions/maxConcurrentDeployments", "/restrictions/deploymentWindows/0/days",
          "/restrictions/deploymentWindows/0/days/0", "/restrictions/deploymentWindows/0/start",
          "/restrictions/deploymentWindows/0/end", "/restrictions/deploymentWindows/0/timezone", "/restrictions/freezes/0",
          "/restrictions/freezes/0/from", "/restrictions/freezes/0/to", "/restrictions/promotionSource",
          "/restrictions/rollbackPolicy/automatic/triggers/0/type", "/restrictions/rollbackPolicy/automatic/triggers/0/threshold",
          "/restrictions/rollbackPolicy/automatic/triggers/0/duration", "/restrictions/rollbackPolicy/automatic/triggers/0/minSamples",
          "/restrictions/rollbackPolicy/automatic/triggers/0/metric", "/restrictions/rollbackPolicy/automatic/timeout",
          "/restrictions/rollbackPolicy/manual", "/restrictions/approvalExpiry", "/restrictions/progressDeadline")) {
        pointers.add(part);
      }
    }
    JsonObject definition = body.containsKey("nodes") ? body : body.getJsonObject("definition");
    if (definition != null) {
      String at = definition == body ? "" : "/definition";
      for (String part : List.of("/nodes/0/id", "/nodes/0/type", "/nodes/0/typeVersion", "/nodes/0/config", "/nodes/1/config/x",
          "/nodes/0/position", "/nodes/0/title", "/connections/0/from", "/connections/0", "/config", "/inputSchema",
          "/inputSchema/properties", "/smokeTests")) {
        pointers.add(at + part);
      }
    }
    return pointers;
  }

  /** {@code body} with {@link #MARK} at {@code pointer}, to be replaced by the raw odd value. */
  private static String mutate(JsonObject body, String pointer) {
    JsonObject copy = body.copy();
    Object parent = copy;
    String[] segments = pointer.substring(1).split("/");
    for (int i = 0; i < segments.length - 1; i++) {
      Object next = parent instanceof JsonObject object ? object.getValue(segments[i])
          : parent instanceof JsonArray array && Integer.parseInt(segments[i]) < array.size() ? array.getValue(Integer.parseInt(segments[i])) : null;
      if (next == null) {
        next = new JsonObject();
        if (parent instanceof JsonObject object) {
          object.put(segments[i], next);
        }
      }
      parent = next;
    }
    String last = segments[segments.length - 1];
    if (parent instanceof JsonObject object) {
      object.put(last, "@@odd@@");
    } else if (parent instanceof JsonArray array) {
      int index = Integer.parseInt(last);
      if (index < array.size()) {
        array.set(index, "@@odd@@");
      } else {
        array.add("@@odd@@");
      }
    }
    return copy.encode();
  }

  /** What a refused request must leave alone. */
  private String state() {
    try (Statement sql = database.createStatement(); ResultSet row = sql.executeQuery(
        "SELECT (SELECT count(*) FROM registry.audit_log) || '/' || (SELECT count(*) FROM registry.workflows) || '/'"
            + " || (SELECT count(*) FROM registry.versions) || '/' || (SELECT count(*) FROM gateway.tokens) || '/'"
            + " || (SELECT string_agg(name || revision, ',' ORDER BY name) FROM deployer.environments)")) {
      row.next();
      return row.getString(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String printable(String value) {
    String shown = value.length() > 40 ? value.substring(0, 40) + "…(" + value.length() + ")" : value;
    return shown.replace("\u0000", "\\u0000");
  }
}
