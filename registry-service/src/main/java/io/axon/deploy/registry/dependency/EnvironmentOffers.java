package io.axon.deploy.registry.dependency;

import io.axon.deploy.common.monitor.InstanceView;
import io.axon.deploy.common.registry.Dependency;
import io.axon.deploy.common.semver.InvalidVersionException;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.registry.dependency.DependencyResolver.Candidate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolution in one environment (DESIGN §2). A workflow dependency is met by a version live there
 * (in its routing table at any weight, or as the preview), whatever its status: development takes
 * drafts. A node type, service or library is met when every healthy engine instance of the
 * environment offers it at a version in range: a deployment loads the version on each of them, and
 * an execution may land on any.
 *
 * @param instances the environment's healthy instances
 */
public record EnvironmentOffers(String environment, List<InstanceOffer> instances) implements Offers {

  /** What one engine instance offers, by kind: name → version, from its {@code /info}. */
  public record InstanceOffer(String instanceId, Map<String, String> nodeTypes, Map<String, String> services,
      Map<String, String> libraries) {

    public static InstanceOffer of(InstanceView view) {
      return new InstanceOffer(view.instanceId(), view.nodeTypes(), view.services(), view.libraries());
    }

    Optional<String> offered(String type, String name) {
      Map<String, String> kind = switch (type) {
        case "node" -> nodeTypes;
        case "service" -> services;
        case "library" -> libraries;
        default -> Map.of();
      };
      return Optional.ofNullable(kind.get(name));
    }
  }

  public EnvironmentOffers {
    instances = List.copyOf(instances);
  }

  /** The environment with the healthy ones of {@code instances}. */
  public static EnvironmentOffers of(String environment, List<InstanceView> instances) {
    return new EnvironmentOffers(environment, instances.stream().filter(InstanceView::healthy).map(InstanceOffer::of).toList());
  }

  @Override
  public boolean pickable(Candidate candidate) {
    return true; // the caller offers only the versions live in the environment
  }

  @Override
  public Verdict judge(Dependency dependency, List<Dependency> asked) {
    String what = dependency.type() + " " + dependency.name();
    if (instances.isEmpty()) {
      return Verdict.missing("no healthy engine instance in " + environment + " offers " + what);
    }
    List<SemanticVersion> met = new ArrayList<>();
    List<String> lacking = new ArrayList<>();
    for (InstanceOffer instance : instances) {
      Optional<String> text = instance.offered(dependency.type(), dependency.name());
      Optional<SemanticVersion> version = text.flatMap(EnvironmentOffers::parse);
      if (version.isPresent() && Offers.satisfiesAll(version.get(), asked)) {
        met.add(version.get());
      } else {
        lacking.add(instance.instanceId() + (text.isPresent() ? " offers " + text.get() : " does not offer it"));
      }
    }
    if (lacking.isEmpty()) {
      return Verdict.resolved(met.stream().min(Comparator.naturalOrder()).orElseThrow());
    }
    return Verdict.missing(lacking.size() + " of the " + instances.size() + " healthy instance(s) of " + environment
        + " do not offer " + what + " " + Offers.ranges(asked) + ": " + String.join(", ", lacking));
  }

  @Override
  public String missingWorkflow(Dependency dependency, List<Dependency> asked, List<SemanticVersion> offered) {
    return offered.isEmpty() ? "no version of workflow " + dependency.name() + " is live in " + environment
        : "no version live in " + environment + " satisfies " + Offers.ranges(asked) + " (live there: "
            + String.join(", ", offered.stream().sorted().map(SemanticVersion::toString).toList()) + ")";
  }

  @Override
  public String where() {
    return " in " + environment;
  }

  private static Optional<SemanticVersion> parse(String text) {
    try {
      return Optional.of(SemanticVersion.parse(text));
    } catch (InvalidVersionException e) {
      return Optional.empty();
    }
  }
}
