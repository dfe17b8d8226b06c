package io.axon.deploy.deployer.strategy;

import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemType;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a deployment moves traffic (DESIGN §2), with its parameters checked. Each strategy turns into
 * a plan of persisted steps that the driver carries out one after the other; a restarted driver
 * carries on at the first step not done.
 */
public sealed interface Strategy permits ImmediateStrategy, BlueGreenStrategy, CanaryStrategy, RollingStrategy {

  enum Type {
    IMMEDIATE("immediate"), BLUE_GREEN("blue-green"), CANARY("canary"), ROLLING("rolling");

    private final String wire;

    Type(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    static Optional<Type> fromWire(String value) {
      return Arrays.stream(values()).filter(t -> t.wire.equals(value.toLowerCase(Locale.ROOT))).findFirst();
    }
  }

  Type type();

  /** The request's form, defaults filled in. */
  JsonObject toJson();

  /** The steps that take traffic to the new version; {@code instances} are the healthy ones at the start. */
  List<PlannedStep> plan(List<String> instances);

  /** The strategy's own progress deadline, when it sets one ({@code maxDuration}). */
  default Optional<Long> maxDuration() {
    return Optional.empty();
  }

  /** The strategy a request names; a 400 for a malformed one, a 422 listing every broken rule. */
  static Strategy fromRequest(Object value) {
    if (value == null) {
      return ImmediateStrategy.INSTANCE;
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
          "a strategy is a name (\"canary\") or an object with a \"type\" and its parameters");
    }
    Type type = Type.fromWire(name).orElseThrow(() -> Problem.at(ProblemType.UNPROCESSABLE, "/strategy",
        "unknown strategy '" + name + "'; one of immediate, blue-green, canary, rolling"));
    StrategyParameters reader = StrategyParameters.of(parameters);
    Strategy strategy = switch (type) {
      case IMMEDIATE -> ImmediateStrategy.read(reader);
      case BLUE_GREEN -> BlueGreenStrategy.read(reader);
      case CANARY -> CanaryStrategy.read(reader, parameters);
      case ROLLING -> RollingStrategy.read(reader);
    };
    if (!reader.errors().isEmpty()) {
      throw Problem.unprocessable("the " + type.wire() + " strategy breaks " + reader.errors().size() + " rule(s)",
          reader.errors());
    }
    return strategy;
  }

  /** A strategy as persisted (it was checked when the deployment was made); only here may it be an emergency one. */
  static Strategy fromJson(JsonObject json) {
    if (Boolean.TRUE.equals(json.getValue("emergency")) && Type.IMMEDIATE.wire().equals(json.getValue("type"))) {
      return ImmediateStrategy.EMERGENCY;
    }
    return fromRequest(json);
  }
}
