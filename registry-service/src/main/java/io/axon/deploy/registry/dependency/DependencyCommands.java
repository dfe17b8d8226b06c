package io.axon.deploy.registry.dependency;

import io.axon.deploy.common.bus.Addresses;
import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.bus.Command;
import io.axon.deploy.common.bus.CommandDispatcher;
import io.axon.deploy.common.bus.RegistryCommands;
import io.axon.deploy.common.bus.Reply;
import io.axon.deploy.common.cpu.CpuPool;
import io.axon.deploy.common.deployer.DeployerCommands;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemException;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.monitor.InstanceView;
import io.axon.deploy.common.monitor.MonitorCommands;
import io.axon.deploy.common.registry.Dependency;
import io.axon.deploy.common.semver.InvalidVersionException;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.registry.live.LiveVersionRepository;
import io.axon.deploy.registry.version.NodeTypePins;
import io.axon.deploy.registry.version.VersionRepository;
import io.axon.deploy.registry.version.WorkflowVersion;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Resolves what a version depends on, reading the candidate workflows level by level: across the
 * registry, or, given an {@code environment}, against what is live there and what its healthy
 * engine instances offer (the monitor's word), after the deployer has said the environment exists.
 */
public final class DependencyCommands {
  private final VersionRepository versions;
  private final LiveVersionRepository live;
  private final BusClient bus;
  private final CpuPool cpu;
  private final DependencyResolver resolver;

  public DependencyCommands(VersionRepository versions, LiveVersionRepository live, BusClient bus, CpuPool cpu,
      DependencyResolver resolver) {
    this.versions = versions;
    this.live = live;
    this.bus = bus;
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
    String environment = command.body().getString("environment");
    return environment == null || environment.isEmpty()
        ? versions.require(workflow, version).compose(this::resolveAcrossTheRegistry)
        : versions.require(workflow, version).compose(root -> resolveIn(environment, root, command.requestId()));
  }

  private Future<Reply> resolveAcrossTheRegistry(WorkflowVersion root) {
    List<Dependency> dependencies = Dependency.fromJson(root.dependencies());
    Map<String, List<SemanticVersion>> pinned = root.pins()
        .map(pins -> NodeTypePins.byType(root.definition(), pins)).orElse(Map.of());
    return reachable(workflowNames(dependencies), new HashMap<>(), versions::candidates)
        .compose(candidates -> cpu.run(large(candidates), () -> reply(root,
            resolver.resolve(root.workflow(), root.version(), dependencies, candidates, pinned))));
  }

  private Future<Reply> resolveIn(String environment, WorkflowVersion root, String requestId) {
    List<Dependency> dependencies = Dependency.fromJson(root.dependencies());
    return Future.all(existing(environment, requestId), instances(environment, requestId))
        .compose(both -> reachable(workflowNames(dependencies), new HashMap<>(), names -> live.candidates(environment, names))
            .compose(candidates -> cpu.run(large(candidates), () -> reply(root, resolver.resolveIn(
                EnvironmentOffers.of(environment, both.resultAt(1)), root.workflow(), root.version(), dependencies, candidates)))));
  }

  /** The deployer's word that the environment exists: a 404 at {@code /environment} when it does not. */
  private Future<Void> existing(String environment, String requestId) {
    return bus.request(Addresses.DEPLOYER, DeployerCommands.GET_ENVIRONMENT, new JsonObject().put("environment", environment),
            requestId, null)
        .<Void>mapEmpty()
        .recover(failure -> Future.failedFuture(failure instanceof ProblemException problem && problem.problem().status() / 100 == 4
            ? Problem.at(ProblemType.NOT_FOUND, "/environment", "environment '" + environment + "' does not exist")
            : failure));
  }

  /** The environment's engine instances as the monitor sees them, healthy or not. */
  private Future<List<InstanceView>> instances(String environment, String requestId) {
    return bus.request(Addresses.MONITOR, MonitorCommands.LIST_INSTANCES, new JsonObject().put("environment", environment),
            requestId, null)
        .map(reply -> reply.json().getJsonArray("items", new JsonArray()).stream()
            .map(item -> InstanceView.fromJson((JsonObject) item)).toList());
  }

  private static Reply reply(WorkflowVersion root, JsonObject resolution) {
    return Reply.ok(resolution.put("workflow", root.workflow()).put("version", root.version().toString()));
  }

  private static boolean large(Map<String, List<DependencyResolver.Candidate>> candidates) {
    return candidates.values().stream().mapToInt(List::size).sum() > 1_000;
  }

  /** Loads the candidates of {@code names}, then of every workflow they may need, until none is new. */
  private Future<Map<String, List<DependencyResolver.Candidate>>> reachable(Set<String> names,
      Map<String, List<DependencyResolver.Candidate>> loaded,
      Function<List<String>, Future<Map<String, List<DependencyResolver.Candidate>>>> load) {
    names.removeAll(loaded.keySet());
    if (names.isEmpty()) {
      return Future.succeededFuture(loaded);
    }
    return load.apply(List.copyOf(names)).compose(found -> {
      names.forEach(name -> loaded.put(name, found.getOrDefault(name, List.of())));
      Set<String> next = new TreeSet<>();
      found.values().forEach(list -> list.forEach(c -> next.addAll(workflowNames(c.dependencies()))));
      return reachable(next, loaded, load);
    });
  }

  private static Set<String> workflowNames(List<Dependency> dependencies) {
    Set<String> names = new TreeSet<>();
    dependencies.stream().filter(d -> d.type().equals("workflow")).forEach(d -> names.add(d.name()));
    return names;
  }
}
