package io.axon.deploy.deployer.environment;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rule that needs the other environments: a promotion source names another existing environment,
 * and following sources never comes back (development ← staging ← production, not a ring).
 */
final class PromotionSources {
  private PromotionSources() {
  }

  /**
   * What is wrong with {@code environment} taking versions from {@code source}, given every
   * environment's current source ({@code sources}, including {@code environment}'s own).
   */
  static Optional<String> problem(String environment, Optional<String> source, Map<String, Optional<String>> sources) {
    if (source.isEmpty()) {
      return Optional.empty();
    }
    String first = source.get();
    if (first.equals(environment)) {
      return Optional.of("an environment cannot be its own promotion source");
    }
    if (!sources.containsKey(first)) {
      return Optional.of("unknown environment '" + DeploymentWindow.shorten(first) + "'; one of "
          + String.join(", ", sources.keySet().stream().filter(name -> !name.equals(environment)).sorted().toList()));
    }
    Set<String> seen = new LinkedHashSet<>(List.of(environment));
    Optional<String> next = source;
    while (next.isPresent() && seen.add(next.get())) {
      next = sources.getOrDefault(next.get(), Optional.empty());
    }
    if (next.isPresent() && next.get().equals(environment)) {
      List<String> ring = new ArrayList<>(seen);
      ring.add(environment);
      return Optional.of("promoting from " + first + " would make a cycle: " + String.join(" ← ", ring));
    }
    return Optional.empty();
  }
}
