package io.axon.deploy.registry.dependency;

import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.registry.Dependency;
import io.axon.deploy.common.bus.Command;
import io.axon.deploy.common.bus.CommandDispatcher;
import io.axon.deploy.common.bus.RegistryCommands;
import io.axon.deploy.common.bus.Reply;
import io.axon.deploy.common.cpu.CpuPool;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.semver.InvalidVersionException;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.registry.version.VersionRepository;
import io.axon.deploy.registry.version.NodeTypePins;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Resolves what a version depends on, reading the candidate workflows level by level. */
public final class DependencyCommands {
  private final VersionRepository versions;
  private final CpuPool cpu;
  private final DependencyResolver resolver;

  public DependencyCommands(VersionRepository versions, CpuPool cpu, DependencyResolver resolver) {
    this.versions = versions;
    this.cpu = cpu;
    this.resolver = resolver;
  }

  public void register(CommandDispatcher dispatcher) {
    dispatcher.on(RegistryCommands.RESOLVE_DEPENDENCIES, this::resolve);
  }

  private Future<Reply> resolve(Command command) {
    String workflow = command.body().getString("workflow");
    SemanticVersion version;
    try {
      version = SemanticVersion.parse(command.body().getString("version"));
    } catch (InvalidVersionException e) {
      throw Problem.at(ProblemType.MALFORMED, "/version", e.getMessage());
    }
    return versions.require(workflow, version)
        .compose(root -> {
          List<Dependency> dependencies = Dependency.fromJson(root.dependencies());
          Map<String, List<SemanticVersion>> pinned = root.pins()
              .map(pins -> NodeTypePins.byType(root.definition(), pins)).orElse(Map.of());
          return reachable(workflowNames(dependencies), new HashMap<>())
              .compose(candidates -> cpu.run(candidates.values().stream().mapToInt(List::size).sum() > 1_000,
                  () -> Reply.ok(resolver.resolve(workflow, version, dependencies, candidates, pinned)
                      .put("workflow", workflow).put("version", version.toString()))));
        });
  }

  /** Loads the candidates of {@code names}, then of every workflow they may need, until none is new. */
  private Future<Map<String, List<DependencyResolver.Candidate>>> reachable(Set<String> names,
      Map<String, List<DependencyResolver.Candidate>> loaded) {
    names.removeAll(loaded.keySet());
    if (names.isEmpty()) {
      return Future.succeededFuture(loaded);
    }
    return versions.candidates(List.copyOf(names)).compose(found -> {
      names.forEach(name -> loaded.put(name, found.getOrDefault(name, List.of())));
      Set<String> next = new TreeSet<>();
      found.values().forEach(list -> list.forEach(c -> next.addAll(workflowNames(c.dependencies()))));
      return reachable(next, loaded);
    });
  }

  private static Set<String> workflowNames(List<Dependency> dependencies) {
    Set<String> names = new TreeSet<>();
    dependencies.stream().filter(d -> d.type().equals("workflow")).forEach(d -> names.add(d.name()));
    return names;
  }
}
