package io.axon.deploy.registry.change;

import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.registry.version.Bump;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a set of changes means: backward compatibility (the new version serves callers written for
 * the old one), forward compatibility (the old version serves callers written for the new one),
 * the same per node, and the smallest version bump that tells the truth about them.
 */
public record ChangeAnalysis(List<Change> changes, Compatibility backward, Compatibility forward,
    Map<String, NodeCompatibility> nodes, Optional<Bump> requiredBump) {

  /** How one node fares, both ways. */
  public record NodeCompatibility(Compatibility backward, Compatibility forward) {
    NodeCompatibility worst(Compatibility otherBackward, Compatibility otherForward) {
      return new NodeCompatibility(backward.worst(otherBackward), forward.worst(otherForward));
    }

    JsonObject toJson() {
      return new JsonObject().put("backward", backward.wire()).put("forward", forward.wire());
    }
  }

  /**
   * Analyses {@code changes} made on top of {@code base}. Before 1.0.0 (initial development, as
   * SemVer's item 4 allows) a breaking change needs a minor bump and a feature a patch.
   */
  public static ChangeAnalysis of(List<Change> changes, SemanticVersion base) {
    Compatibility backward = Compatibility.COMPATIBLE;
    Compatibility forward = Compatibility.COMPATIBLE;
    Map<String, NodeCompatibility> nodes = new TreeMap<>();
    Impact highest = null;
    for (Change change : changes) {
      highest = highest == null || change.impact().compareTo(highest) > 0 ? change.impact() : highest;
      backward = backward.worst(backwardOf(change));
      forward = forward.worst(forwardOf(change));
      if (change.kind().startsWith("node.")) {
        nodes.merge(change.affectedComponents().get(0), new NodeCompatibility(backwardOf(change), forwardOf(change)),
            (a, b) -> a.worst(b.backward(), b.forward()));
      }
    }
    return new ChangeAnalysis(changes, backward, forward, nodes, Optional.ofNullable(highest).map(i -> bumpFor(i, base)));
  }

  static Bump bumpFor(Impact impact, SemanticVersion base) {
    boolean initialDevelopment = base.major() == 0;
    return switch (impact) {
      case BREAKING -> initialDevelopment ? Bump.MINOR : Bump.MAJOR;
      case FEATURE -> initialDevelopment ? Bump.PATCH : Bump.MINOR;
      case BUGFIX, COSMETIC -> Bump.PATCH;
    };
  }

  /** Breaking the input or output contract is incompatible; breaking only the inside is partial. */
  private static Compatibility backwardOf(Change change) {
    if (change.kind().equals("node.type-version.unresolvable")) {
      return Compatibility.UNKNOWN; // the catalog offers no version for one side
    }
    if (change.impact() != Impact.BREAKING) {
      return Compatibility.COMPATIBLE;
    }
    return isContract(change) ? Compatibility.INCOMPATIBLE : Compatibility.PARTIALLY_COMPATIBLE;
  }

  private static boolean isContract(Change change) {
    return change.kind().startsWith("input.") || change.kind().startsWith("output.");
  }

  /** Whatever the new version adds, the old one lacks: callers that use it get less from the old. */
  private static Compatibility forwardOf(Change change) {
    return switch (change.impact()) {
      case BREAKING -> isContract(change) ? Compatibility.INCOMPATIBLE : Compatibility.PARTIALLY_COMPATIBLE;
      case FEATURE -> Compatibility.PARTIALLY_COMPATIBLE;
      case BUGFIX, COSMETIC -> Compatibility.COMPATIBLE;
    };
  }

  public JsonObject compatibilityJson() {
    JsonObject perNode = new JsonObject();
    nodes.forEach((node, levels) -> perNode.put(node, levels.toJson()));
    return new JsonObject().put("backward", backward.wire()).put("forward", forward.wire()).put("nodes", perNode);
  }

  public JsonArray changesJson() {
    return new JsonArray(changes.stream().map(Change::toJson).toList());
  }
}
