package io.axon.deploy.registry.version;

import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.common.json.Fields;
import io.axon.deploy.common.semver.InvalidVersionException;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.common.semver.VersionRange;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/** A request to create a version, read from its JSON and checked field by field. */
public record VersionRequest(
    Numbering numbering,
    Optional<SemanticVersion> baseVersion,
    JsonObject definition,
    Metadata metadata,
    JsonArray dependencies,
    boolean force) {

  /** How the new version gets its number. */
  public sealed interface Numbering {
  }

  public record Explicit(SemanticVersion version) implements Numbering {
  }

  public record Bumped(Bump bump, Optional<String> prerelease) implements Numbering {
  }

  /** The smallest bump the changes from the base need. */
  public record Auto(Optional<String> prerelease) implements Numbering {
  }

  /** What the author says about the version. */
  public record Metadata(String title, String description, List<String> tags, JsonArray changelog) {
    public JsonObject toJson() {
      return new JsonObject().put("title", title).put("description", description)
          .put("tags", new JsonArray(tags)).put("changelog", changelog);
    }
  }

  private static final Pattern PRERELEASE_TAG = Pattern.compile("(?=.{1,64}$)[0-9A-Za-z-]*[A-Za-z-][0-9A-Za-z-]*");
  private static final Set<String> DEPENDENCY_TYPES = Set.of("workflow", "node", "service", "library");
  private static final Set<String> CHANGELOG_TYPES = Set.of("added", "changed", "deprecated", "removed", "fixed", "security");

  /**
   * Reads the request; {@code definitionCheck} lists the definition's problems, which are reported
   * together with the request's own.
   */
  public static VersionRequest fromJson(JsonObject body, Function<JsonObject, List<FieldError>> definitionCheck) {
    List<FieldError> errors = new ArrayList<>();
    Numbering numbering = numbering(body, errors);
    Optional<SemanticVersion> base = Optional.ofNullable(body.getString("baseVersion"))
        .flatMap(text -> version(text, "/baseVersion", errors));
    JsonObject definition = body.getJsonObject("definition");
    if (definition == null) {
      errors.add(new FieldError("/definition", "a definition is required"));
    } else {
      errors.addAll(definitionCheck.apply(definition));
    }
    String title = text(body, "title", 200, errors);
    String description = text(body, "description", 10_000, errors);
    List<String> tags = tags(Fields.array(body, "tags"), errors);
    JsonArray changelog = changelog(Fields.array(body, "changelog"), errors);
    JsonArray dependencies = dependencies(Fields.array(body, "dependencies"), errors);
    if (!errors.isEmpty()) {
      throw Problem.unprocessable("the version request has " + errors.size() + " problem(s)", errors);
    }
    return new VersionRequest(numbering, base, definition,
        new Metadata(title, description, tags, changelog), dependencies, Fields.flag(body, "force"));
  }

  private static Numbering numbering(JsonObject body, List<FieldError> errors) {
    String version = body.getString("version");
    String bump = body.getString("bump");
    String prerelease = body.getString("prerelease");
    if ((version == null) == (bump == null)) {
      errors.add(new FieldError("/version", "give either an explicit version or a bump (major, minor, patch, auto), not "
          + (version == null ? "neither" : "both")));
      return null;
    }
    if (version != null) {
      if (prerelease != null) {
        errors.add(new FieldError("/prerelease", "a prerelease tag goes with a bump; put it in the explicit version instead"));
      }
      return version(version, "/version", errors).map(Explicit::new).orElse(null);
    }
    if (prerelease != null && !PRERELEASE_TAG.matcher(prerelease).matches()) {
      errors.add(new FieldError("/prerelease", "a prerelease tag is one identifier of up to 64 letters, digits and '-', such as beta or rc"));
    }
    if (bump.equals("auto")) {
      return new Auto(Optional.ofNullable(prerelease));
    }
    try {
      return new Bumped(Bump.fromWire(bump), Optional.ofNullable(prerelease));
    } catch (RuntimeException e) {
      errors.add(new FieldError("/bump", e.getMessage()));
      return null;
    }
  }

  private static Optional<SemanticVersion> version(String text, String path, List<FieldError> errors) {
    try {
      return Optional.of(SemanticVersion.parse(text));
    } catch (InvalidVersionException e) {
      errors.add(new FieldError(path, e.getMessage()));
      return Optional.empty();
    }
  }

  private static String text(JsonObject body, String field, int maxLength, List<FieldError> errors) {
    String value = Fields.text(body, field, "");
    if (value.length() > maxLength) {
      errors.add(new FieldError("/" + field, field + " is at most " + maxLength + " characters"));
    }
    return value;
  }

  private static List<String> tags(JsonArray tags, List<FieldError> errors) {
    List<String> result = new ArrayList<>();
    for (int i = 0; i < tags.size(); i++) {
      if (!(tags.getValue(i) instanceof String tag) || tag.isEmpty() || tag.length() > 64) {
        errors.add(new FieldError("/tags/" + i, "a tag is a string of 1 to 64 characters"));
      } else {
        result.add(tag);
      }
    }
    if (tags.size() > 50) {
      errors.add(new FieldError("/tags", "a version has at most 50 tags"));
    }
    return result;
  }

  private static JsonArray changelog(JsonArray entries, List<FieldError> errors) {
    for (int i = 0; i < entries.size(); i++) {
      if (!(entries.getValue(i) instanceof JsonObject entry)
          || !CHANGELOG_TYPES.contains(entry.getValue("type"))
          || !(entry.getValue("description") instanceof String)) {
        errors.add(new FieldError("/changelog/" + i,
            "a changelog entry is {type: added|changed|deprecated|removed|fixed|security, description: string}"));
      }
    }
    return entries;
  }

  private static JsonArray dependencies(JsonArray dependencies, List<FieldError> errors) {
    for (int i = 0; i < dependencies.size(); i++) {
      String path = "/dependencies/" + i;
      if (!(dependencies.getValue(i) instanceof JsonObject dependency)) {
        errors.add(new FieldError(path, "a dependency is {type, name, constraint, required}"));
        continue;
      }
      if (!DEPENDENCY_TYPES.contains(dependency.getValue("type"))) {
        errors.add(new FieldError(path + "/type", "a dependency type is workflow, node, service or library"));
      }
      if (!(dependency.getValue("name") instanceof String name) || name.isEmpty()) {
        errors.add(new FieldError(path + "/name", "a dependency needs a name"));
      }
      if (!(dependency.getValue("constraint") instanceof String constraint)) {
        errors.add(new FieldError(path + "/constraint", "a dependency needs a constraint (an npm range)"));
      } else {
        try {
          VersionRange.parse(constraint);
        } catch (InvalidVersionException e) {
          errors.add(new FieldError(path + "/constraint", e.getMessage()));
        }
      }
      Object required = dependency.getValue("required");
      if (required != null && !(required instanceof Boolean)) {
        errors.add(new FieldError(path + "/required", "required is true or false"));
      }
    }
    return dependencies;
  }
}
