package io.axon.deploy.standalone;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;

/** An HTTP answer, read once. */
public record Reply(int status, String contentType, String etag, String requestId, String text,
    io.vertx.core.MultiMap headers) {

  static Reply of(HttpResponse<Buffer> response) {
    return new Reply(response.statusCode(), response.getHeader("Content-Type"), response.getHeader("ETag"),
        response.getHeader("X-Request-Id"), response.bodyAsString() == null ? "" : response.bodyAsString(),
        response.headers());
  }

  public String header(String name) {
    return headers.get(name);
  }

  public JsonObject json() {
    return new JsonObject(text);
  }

  public List<JsonObject> items() {
    JsonArray items = json().getJsonArray("items");
    return items.stream().map(JsonObject.class::cast).toList();
  }

  public List<String> errorPaths() {
    return json().getJsonArray("errors", new JsonArray()).stream()
        .map(e -> ((JsonObject) e).getString("path")).toList();
  }

  public boolean isProblem(int expectedStatus) {
    return status == expectedStatus && "application/problem+json".equals(contentType)
        && json().getInteger("status") == expectedStatus && json().getString("type") != null
        && json().getString("title") != null;
  }

  @Override
  public String toString() {
    return status + " " + text;
  }
}
