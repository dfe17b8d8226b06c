package io.axon.deploy.deployer.deployment;

import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemType;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;

/**
 * How a deployment moves traffic (DESIGN §2): a type and its parameters, as the request gave them
 * ({@code "immediate"} or {@code {"type": "canary", ...}}). Only {@code immediate} runs today.
 */
public record Strategy(Type type, JsonObject parameters) {

  public enum Type {
    IMMEDIATE("immediate"), BLUE_GREEN("blue-green"), CANARY("canary"), ROLLING("rolling");

    private final String wire;

    Type(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    static java.util.Optional<Type> fromWire(String value) {
      return java.util.Arrays.stream(values()).filter(t -> t.wire.equals(value.toLowerCase(Locale.ROOT))).findFirst();
    }
  }

  public static Strategy immediate() {
    return new Strategy(Type.IMMEDIATE, new JsonObject());
  }

  /** The strategy a request names; a 400 for a malformed one, a 422 for one that does not run yet. */
  public static Strategy fromRequest(Object value) {
    if (value == null) {
      return immediate();
    }
    JsonObject parameters;
    String name;
    if (value instanceof String text) {
      name = text;
      parameters = new JsonObject();
    } else if (value instanceof JsonObject object && object.getValue("type") instanceof String text) {
      name = text;
      parameters = object.copy();
      parameters.remove("type");
    } else {
      throw Problem.at(ProblemType.MALFORMED, "/strategy",
          "a strategy is a name (\"immediate\") or an object with a \"type\" and its parameters");
    }
    Type type = Type.fromWire(name).orElseThrow(() -> Problem.at(ProblemType.UNPROCESSABLE, "/strategy",
        "unknown strategy '" + name + "'; one of " + List.of("immediate", "blue-green", "canary", "rolling")));
    if (type != Type.IMMEDIATE) {
      throw Problem.at(ProblemType.UNPROCESSABLE, "/strategy", "strategy '" + type.wire()
          + "' is not available yet: this release deploys with 'immediate' (progressive delivery comes next)");
    }
    return new Strategy(type, parameters);
  }

  public JsonObject toJson() {
    return parameters.copy().put("type", type.wire());
  }

  public static Strategy fromJson(JsonObject json) {
    JsonObject parameters = json.copy();
    parameters.remove("type");
    return new Strategy(Type.fromWire(json.getString("type")).orElseThrow(), parameters);
  }
}
