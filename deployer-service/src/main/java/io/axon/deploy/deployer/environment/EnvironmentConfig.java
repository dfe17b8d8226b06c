package io.axon.deploy.deployer.environment;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An environment's configuration: its variables, and whatever else its owners keep there
 * ({@code settings}, plain JSON values as maps, lists, strings, numbers, booleans and nulls).
 */
public record EnvironmentConfig(Map<String, Variable> variables, Map<String, Object> settings) {

  /**
   * A variable: a plain value, or a secret whose {@code value} is its sealed form (see
   * {@link SecretCipher}), never the plain text.
   */
  public record Variable(String value, boolean secret) {
    public static Variable plain(String value) {
      return new Variable(value, false);
    }

    public static Variable sealed(String sealed) {
      return new Variable(sealed, true);
    }
  }

  public EnvironmentConfig {
    variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
  }

  /** The representation of DESIGN §3: a secret shows only that it is set. */
  public JsonObject toJson() {
    JsonObject variables = new JsonObject();
    this.variables.forEach((name, variable) -> variables.put(name,
        variable.secret() ? new JsonObject().put("secret", true) : variable.value()));
    return settingsJson().put("variables", variables);
  }

  /** As the database keeps it: secrets sealed. */
  public JsonObject toStored() {
    JsonObject variables = new JsonObject();
    this.variables.forEach((name, variable) -> variables.put(name,
        variable.secret() ? new JsonObject().put("secret", true).put("sealed", variable.value()) : variable.value()));
    return settingsJson().put("variables", variables);
  }

  public static EnvironmentConfig fromStored(JsonObject json) {
    Map<String, Variable> variables = new LinkedHashMap<>();
    json.getJsonObject("variables", new JsonObject()).forEach(entry -> variables.put(entry.getKey(),
        entry.getValue() instanceof JsonObject secret
            ? Variable.sealed(secret.getString("sealed")) : Variable.plain(String.valueOf(entry.getValue()))));
    return new EnvironmentConfig(variables, settings(json));
  }

  /** Everything in {@code json} but its variables, as plain Java values. */
  static Map<String, Object> settings(JsonObject json) {
    Map<String, Object> settings = new LinkedHashMap<>();
    json.forEach(entry -> {
      if (!entry.getKey().equals("variables")) {
        settings.put(entry.getKey(), plain(entry.getValue()));
      }
    });
    return settings;
  }

  private JsonObject settingsJson() {
    return new JsonObject(new LinkedHashMap<>(settings)).copy();
  }

  private static Object plain(Object value) {
    if (value instanceof JsonObject object) {
      Map<String, Object> map = new LinkedHashMap<>();
      object.forEach(entry -> map.put(entry.getKey(), plain(entry.getValue())));
      return Collections.unmodifiableMap(map);
    }
    if (value instanceof JsonArray array) {
      List<Object> list = new ArrayList<>();
      array.forEach(item -> list.add(plain(item)));
      return Collections.unmodifiableList(list);
    }
    return value;
  }
}
