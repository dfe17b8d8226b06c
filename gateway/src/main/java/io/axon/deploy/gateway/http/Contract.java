package io.axon.deploy.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI document: served as written, and loaded for request validation. vertx-openapi
 * refuses response media types it cannot validate (such as {@code application/problem+json}), and
 * responses are not validated anyway, so the copy it loads has its response bodies left out (and
 * its relative server URL, which it refuses).
 */
public record Contract(Buffer text, OpenAPIContract validation, Operations operations) {
  public static final String RESOURCE = "openapi.yaml";

  public static Future<Contract> load(Vertx vertx) {
    // parsing YAML takes a good 100 ms: on a worker, not an event loop
    return vertx.fileSystem().readFile(RESOURCE).compose(text -> vertx.executeBlocking(() -> parsed(text), false)
        .compose(parsed -> OpenAPIContract.from(vertx, parsed.forValidation())
            .map(contract -> new Contract(text, contract, parsed.operations()))));
  }

  private record Parsed(JsonObject forValidation, Operations operations) {
  }

  private static Parsed parsed(Buffer text) {
    Map<String, Object> document = new Yaml(new LoaderOptions()).load(text.toString());
    Operations operations = new Operations(new JsonObject(new Yaml(new LoaderOptions()).<Map<String, Object>>load(text.toString())));
    JsonObject forValidation = new JsonObject(document);
    stripResponseBodies(forValidation);
    forValidation.remove("servers"); // relative ("/"), which vertx-openapi cannot take; paths are served at the root
    return new Parsed(forValidation, operations);
  }

  private static void stripResponseBodies(JsonObject document) {
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (item.getValue(method) instanceof JsonObject operation && operation.containsKey("responses")) {
          JsonObject responses = operation.getJsonObject("responses");
          for (String status : responses.fieldNames()) {
            responses.put(status, new JsonObject().put("description", "see the served document"));
          }
        }
      }
    }
    document.getJsonObject("components").remove("responses");
  }
}
