package io.axon.deploy.registry.change;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A definition with its nodes and connections keyed by id instead of listed: the shape change
 * paths address. Order of nodes and connections carries no meaning, so it is dropped here.
 */
public final class DefinitionModel {
  private DefinitionModel() {
  }

  /** The keyed form; it shares the definition's values, so neither may be changed while both are in use. */
  public static JsonObject keyed(JsonObject definition) {
    JsonObject keyed = new JsonObject(new java.util.LinkedHashMap<>(definition.getMap()));
    keyed.put("nodes", byId(definition.getJsonArray("nodes", new JsonArray())));
    keyed.put("connections", byId(definition.getJsonArray("connections", new JsonArray())));
    return keyed;
  }

  private static JsonObject byId(JsonArray items) {
    JsonObject byId = new JsonObject();
    for (Object item : items) {
      JsonObject object = (JsonObject) item;
      byId.put(object.getString("id"), object);
    }
    return byId;
  }

  /**
   * A change path as it points into the definition the author sent, where nodes and connections
   * are listed: {@code /nodes/enrich/config/url} becomes {@code /nodes/1/config/url}.
   */
  public static String listedPath(JsonObject definition, String keyedPath) {
    java.util.List<String> tokens = JsonPointer.tokens(keyedPath);
    if (tokens.size() < 2 || !(tokens.get(0).equals("nodes") || tokens.get(0).equals("connections"))) {
      return keyedPath;
    }
    JsonArray items = definition.getJsonArray(tokens.get(0), new JsonArray());
    for (int i = 0; i < items.size(); i++) {
      if (items.getValue(i) instanceof JsonObject item && tokens.get(1).equals(item.getString("id"))) {
        String path = "/" + tokens.get(0) + "/" + i;
        for (String token : tokens.subList(2, tokens.size())) {
          path = JsonPointer.append(path, token);
        }
        return path;
      }
    }
    return keyedPath; // removed: it is in the base, not in this definition
  }

  /** Sets or removes each change's value at its path, turning the before-definition into the after one. */
  public static JsonObject apply(JsonObject keyed, Iterable<Change> changes) {
    JsonObject result = keyed.copy();
    for (Change change : changes) {
      java.util.List<String> tokens = JsonPointer.tokens(change.path());
      JsonObject parent = result;
      for (String token : tokens.subList(0, tokens.size() - 1)) {
        if (!(parent.getValue(token) instanceof JsonObject child)) {
          JsonObject created = new JsonObject();
          parent.put(token, created);
          parent = created;
        } else {
          parent = child;
        }
      }
      String last = tokens.get(tokens.size() - 1);
      if (change.after() == Change.ABSENT) {
        parent.remove(last);
      } else {
        parent.put(last, change.after());
      }
    }
    return result;
  }
}
