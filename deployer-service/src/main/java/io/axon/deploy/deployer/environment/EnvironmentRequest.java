package io.axon.deploy.deployer.environment;

import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.deployer.environment.EnvironmentConfig.Variable;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An environment as a {@code PUT} sent it ({@code {id?, name?, type?, config, restrictions}}), read
 * and checked as far as it can be without the other environments. New secret values are sealed as
 * they are read, so that no plain secret outlives this step; {@code {"secret": true}} without a value
 * keeps the stored secret, so that what GET returns can be sent back as it is.
 */
final class EnvironmentRequest {
  static final String AT = "/representation";
  private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
  private static final int MAX_VARIABLES = 500;
  private static final int MAX_VALUE = 32_768;

  private final Findings findings = new Findings();
  private final Optional<String> id;
  private final Optional<String> name;
  private final Optional<String> type;
  /** In the order sent; empty: keep the stored secret. */
  private final Map<String, Optional<Variable>> variables = new LinkedHashMap<>();
  private final List<String> secretsSet = new ArrayList<>();
  private final Map<String, Object> settings;
  private final Restrictions restrictions;

  private EnvironmentRequest(String environment, Object representation, SecretCipher cipher) {
    JsonObject json = representation instanceof JsonObject object ? object : new JsonObject();
    if (!(representation instanceof JsonObject)) {
      findings.malformed(AT, "the body is an environment: {\"config\": {\"variables\": {}}, \"restrictions\": {...}}");
    }
    findings.onlyFields(json, AT, Set.of("id", "name", "type", "config", "restrictions"));
    id = Optional.ofNullable(findings.text(json, "id", AT, false));
    name = Optional.ofNullable(findings.text(json, "name", AT, false));
    type = Optional.ofNullable(findings.text(json, "type", AT, false));
    JsonObject config = findings.object(json, "config", AT, representation instanceof JsonObject);
    settings = config == null ? Map.of() : EnvironmentConfig.settings(config);
    if (config != null) {
      readVariables(findings.object(config, "variables", AT + "/config", false), environment, cipher);
    }
    JsonObject given = findings.object(json, "restrictions", AT, representation instanceof JsonObject);
    restrictions = Restrictions.read(given == null ? new JsonObject() : given, AT + "/restrictions",
        given == null ? new Findings() : findings);
  }

  /** Reads {@code representation}, the body of a PUT of {@code environment}. */
  static EnvironmentRequest read(String environment, Object representation, SecretCipher cipher) {
    return new EnvironmentRequest(environment, representation, cipher);
  }

  /**
   * {@code current} as this request replaces it, once the rules that need the other environments
   * ({@code all}) hold too; otherwise a 400 or 422 listing every problem.
   */
  Environment applyTo(Environment current, List<Environment> all) {
    id.filter(given -> !given.equals(current.name())).ifPresent(given -> findings.broken(AT + "/id", renamed(current)));
    name.filter(given -> !given.equals(current.name())).ifPresent(given -> findings.broken(AT + "/name", renamed(current)));
    type.filter(given -> !given.equals(current.type())).ifPresent(given -> findings.broken(AT + "/type",
        "is " + current.type() + "; an environment's type cannot change"));
    promotionProblem(current.name(), all);
    Map<String, Variable> resolved = new LinkedHashMap<>();
    variables.forEach((variable, value) -> {
      Optional<Variable> kept = value.isPresent() ? value
          : Optional.ofNullable(current.config().variables().get(variable)).filter(Variable::secret);
      kept.ifPresentOrElse(v -> resolved.put(variable, v), () -> findings.broken(Findings.at(AT + "/config/variables", variable),
          "there is no stored secret to keep; give its value: {\"value\": \"...\", \"secret\": true}"));
    });
    findings.throwIfAny("the environment");
    return new Environment(current.name(), current.type(), new EnvironmentConfig(resolved, settings), restrictions,
        current.revision());
  }

  /** The rules the request breaks, for a refusal that also lists shape problems; nothing about stored secrets. */
  List<FieldError> rules(List<Environment> all) {
    name.or(() -> id).ifPresent(environment -> promotionProblem(environment, all));
    return findings.broken();
  }

  /** The names of the secrets this request gives a value to, for the audit trail (never the values). */
  List<String> secretsSet() {
    return List.copyOf(secretsSet);
  }

  /**
   * A command's body with each secret value replaced by its keyed fingerprint: what an idempotency
   * key remembers of the request, from which the value cannot be guessed.
   */
  static JsonObject fingerprinted(JsonObject body, SecretCipher cipher) {
    JsonObject copy = body.copy();
    if (copy.getValue("representation") instanceof JsonObject representation
        && representation.getValue("config") instanceof JsonObject config
        && config.getValue("variables") instanceof JsonObject variables) {
      variables.forEach(entry -> {
        if (entry.getValue() instanceof JsonObject variable && variable.getValue("value") instanceof String value
            && Boolean.TRUE.equals(variable.getValue("secret"))) {
          variable.put("value", "fingerprint:" + cipher.fingerprint(value));
        }
      });
    }
    return copy;
  }

  private void promotionProblem(String environment, List<Environment> all) {
    Map<String, Optional<String>> sources = all.stream().collect(Collectors.toMap(Environment::name,
        Environment::promotionSource, (a, b) -> a, LinkedHashMap::new));
    PromotionSources.problem(environment, restrictions.promotionSource(), sources)
        .ifPresent(problem -> findings.broken(AT + "/restrictions/promotionSource", problem));
  }

  private static String renamed(Environment current) {
    return "is " + current.name() + ", the environment this PUT replaces; an environment cannot be renamed";
  }

  private void readVariables(JsonObject given, String environment, SecretCipher cipher) {
    if (given == null) {
      return;
    }
    String at = AT + "/config/variables";
    if (given.size() > MAX_VARIABLES) {
      findings.broken(at, "at most " + MAX_VARIABLES + " variables");
      return;
    }
    given.forEach(entry -> {
      String variable = entry.getKey();
      String path = Findings.at(at, variable);
      if (!VARIABLE_NAME.matcher(variable).matches()) {
        findings.broken(path, "a variable name is letters, digits and _, not starting with a digit, up to 128 characters");
      }
      Object value = entry.getValue();
      if (value instanceof String plain) {
        checkLength(plain, path);
        variables.put(variable, Optional.of(Variable.plain(plain)));
      } else if (value instanceof JsonObject object) {
        readObject(object, variable, path, environment, cipher);
      } else {
        findings.malformed(path, "a variable is a string, or {\"value\": \"...\", \"secret\": true}");
      }
    });
  }

  private void readObject(JsonObject object, String variable, String path, String environment, SecretCipher cipher) {
    findings.onlyFields(object, path, Set.of("value", "secret"));
    String value = findings.text(object, "value", path, false);
    boolean secret = findings.flag(object, "secret", path, false, false);
    if (value == null && !secret) {
      if (object.getValue("value") == null) {
        findings.broken(path, "a variable has a value, or is {\"secret\": true} to keep the stored secret");
      }
      return;
    }
    if (value != null) {
      checkLength(value, path + "/value");
    }
    if (!secret) {
      variables.put(variable, Optional.of(Variable.plain(value)));
    } else if (value == null) {
      variables.put(variable, Optional.empty());
    } else {
      secretsSet.add(variable);
      variables.put(variable, Optional.of(Variable.sealed(cipher.seal(environment, variable, value))));
    }
  }

  private void checkLength(String value, String path) {
    if (value.length() > MAX_VALUE) {
      findings.broken(path, "a value is at most " + MAX_VALUE + " characters");
    }
  }
}
