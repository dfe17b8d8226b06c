package io.axon.deploy.deployer.rollout;

import io.axon.deploy.common.events.OutboxRelay;
import io.axon.deploy.common.monitor.InstanceView;
import io.axon.deploy.common.routing.RoutingTable;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.deployer.deployment.Deployment;
import io.axon.deploy.deployer.deployment.DeploymentRepository;
import io.axon.deploy.deployer.deployment.Step;
import io.axon.deploy.deployer.fleet.Fleet;
import io.axon.deploy.deployer.routing.RoutingRepository;
import io.axon.deploy.deployer.strategy.StepKind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The steps that load versions and move traffic. Each traffic step writes its routing revision once
 * (the revision is noted on the step in the same transaction, so a step run again after a crash does
 * not write another, and of two runs at once, by a driver that lost its lease midway and the one
 * that took over, only the first to note its revision keeps it), then completes only when every
 * running gateway has acknowledged it.
 */
public final class TrafficSteps {
  private final Pool pool;
  private final DeploymentRepository deployments;
  private final RoutingRepository routing;
  private final Fleet fleet;
  private final GatewayAcknowledgements acks;
  private final OutboxRelay relay;

  public TrafficSteps(Pool pool, DeploymentRepository deployments, RoutingRepository routing, Fleet fleet,
      GatewayAcknowledgements acks, OutboxRelay relay) {
    this.pool = pool;
    this.deployments = deployments;
    this.routing = routing;
    this.fleet = fleet;
    this.acks = acks;
    this.relay = relay;
  }

  /** Loads the version on every healthy instance of the environment; all of them must take it. */
  public Future<StepOutcome> load(Deployment deployment, Step step) {
    return loadOn(deployment.environment(), deployment.workflow(), deployment.version(), Optional.empty())
        .map(loadedOn -> StepOutcome.done(new JsonObject().put("instances", new JsonArray(loadedOn))));
  }

  public Future<StepOutcome> preview(Deployment deployment, Step step) {
    return shift(deployment, step, table -> Traffic.preview(table, version(deployment), loadedOn(deployment)));
  }

  public Future<StepOutcome> setWeight(Deployment deployment, Step step) {
    int weight = step.detail().getInteger("weight");
    return shift(deployment, step, table -> Traffic.weighted(table, version(deployment), deployment.id(),
        deployment.previousVersion().map(SemanticVersion::parse), weight, loadedOn(deployment)));
  }

  public Future<StepOutcome> switchAll(Deployment deployment, Step step) {
    boolean keep = step.detail().getBoolean("keepOldVersion", true);
    boolean only = step.detail().getBoolean("only", false);
    return shift(deployment, step, table -> {
      Set<String> hosts = new LinkedHashSet<>(loadedOn(deployment));
      hosts.addAll(table.hostsOf(version(deployment)));
      return only ? Traffic.only(table, version(deployment), deployment.id(), List.copyOf(hosts))
          : Traffic.switched(table, version(deployment), deployment.id(), List.copyOf(hosts), keep);
    });
  }

  /** Rolling: loads the batch's instances with the new version, then moves their share of traffic to it. */
  public Future<StepOutcome> batch(Deployment deployment, Step step) {
    List<String> batch = ids(step.detail().getJsonArray("instances"));
    return loadOn(deployment.environment(), deployment.workflow(), deployment.version(), Optional.of(batch))
        .compose(loaded -> shift(deployment, step, table -> rolled(deployment, table, moved(deployment, step, true))));
  }

  /** Rolling back: gives the batch's instances the stable version again, and their share of traffic. */
  public Future<StepOutcome> revertBatch(Deployment deployment, Step step) {
    List<String> batch = ids(step.detail().getJsonArray("instances"));
    Optional<String> stable = deployment.previousVersion();
    Future<List<String>> loaded = stable.isEmpty() ? Future.succeededFuture(List.of())
        : loadOn(deployment.environment(), deployment.workflow(), stable.get(), Optional.of(batch));
    return loaded.compose(done -> shift(deployment, step, table -> rolled(deployment, table, moved(deployment, step, false))));
  }

  /** Rolling back: everything to the target version (loaded wherever it is missing), the new version dropped. */
  public Future<StepOutcome> restore(Deployment deployment, Step step) {
    Optional<String> target = deployment.rollback().flatMap(Deployment.Rollback::target);
    if (target.isEmpty()) {
      return shift(deployment, step, table -> Traffic.without(table, version(deployment)));
    }
    return loadOn(deployment.environment(), deployment.workflow(), target.get(), Optional.empty())
        .compose(hosts -> shift(deployment, step, table -> Traffic.restored(table, SemanticVersion.parse(target.get()),
            version(deployment), hosts)));
  }

  private Future<StepOutcome> shift(Deployment deployment, Step step, UnaryOperator<RoutingTable> change) {
    Future<Long> written = step.detail().containsKey("revision")
        ? Future.succeededFuture(step.detail().getLong("revision"))
        : pool.withTransaction(tx -> routing.lock(tx, deployment.environment(), deployment.workflow())
                .map(found -> found.orElse(RoutingRepository.empty(deployment.environment(), deployment.workflow())))
                .compose(table -> routing.write(tx, change.apply(table)))
                .compose(table -> deployments.noteStep(tx, deployment.id(), step.seq(),
                    new JsonObject().put("revision", table.revision())).compose(noted -> noted
                        ? Future.succeededFuture(table.revision())
                        : Future.failedFuture(new IllegalStateException("step " + step.seq() + " moved on or wrote its"
                            + " revision elsewhere meanwhile; this revision is not kept")))))
            .onSuccess(revision -> relay.nudge());
    return written.compose(revision -> acks.acknowledged(deployment.environment(), deployment.workflow(), revision)
        .map(acked -> StepOutcome.done(new JsonObject().put("revision", revision))));
  }

  /**
   * Loads {@code version} on the healthy instances of the environment (or of {@code only}); the
   * instances that host it then. Every one of them must take it.
   */
  private Future<List<String>> loadOn(String environment, String workflow, String version, Optional<List<String>> only) {
    return Future.all(fleet.instances(environment), fleet.version(workflow, version)).compose(both -> {
      List<InstanceView> targets = both.<List<InstanceView>>resultAt(0).stream()
          .filter(instance -> only.map(ids -> ids.contains(instance.instanceId())).orElse(instance.healthy()))
          .toList();
      Optional<InstanceView> sick = targets.stream().filter(instance -> !instance.healthy()).findFirst();
      if (sick.isPresent()) {
        return Future.failedFuture(new IllegalStateException("instance " + sick.get().instanceId() + " is not healthy"));
      }
      if (targets.isEmpty()) {
        return Future.failedFuture(new IllegalStateException("no healthy engine instance in " + environment
            + only.map(ids -> " among " + ids).orElse("")));
      }
      JsonObject definition = both.<JsonObject>resultAt(1).getJsonObject("definition");
      return Future.all(targets.stream().map(instance -> fleet.load(instance, workflow, version, definition)).toList())
          .map(loaded -> targets.stream().map(InstanceView::instanceId).toList());
    });
  }

  private static RoutingTable rolled(Deployment deployment, RoutingTable table, List<String> moved) {
    List<String> all = deployment.steps().stream().filter(s -> s.kind() == StepKind.BATCH)
        .flatMap(s -> ids(s.detail().getJsonArray("instances")).stream()).toList();
    Optional<SemanticVersion> stable = deployment.previousVersion().map(SemanticVersion::parse);
    if (stable.isEmpty()) {
      return Traffic.switched(table, version(deployment), deployment.id(), moved, false);
    }
    return Traffic.rolled(table, version(deployment), deployment.id(), stable.get(), moved, all);
  }

  /**
   * The instances on the new version once {@code step} is done: those of the batches done, with
   * this batch's added (forward) or, rolling back, with this and the batches reverted already taken away.
   */
  private static List<String> moved(Deployment deployment, Step step, boolean forward) {
    List<String> moved = new ArrayList<>();
    deployment.steps().stream().filter(s -> s.kind() == StepKind.BATCH && s.status() == Step.Status.SUCCEEDED)
        .forEach(s -> moved.addAll(ids(s.detail().getJsonArray("instances"))));
    if (forward) {
      ids(step.detail().getJsonArray("instances")).stream().filter(id -> !moved.contains(id)).forEach(moved::add);
    } else {
      deployment.steps().stream().filter(s -> s.kind() == StepKind.REVERT_BATCH
              && (s.status() == Step.Status.SUCCEEDED || s.seq() == step.seq()))
          .forEach(s -> moved.removeAll(ids(s.detail().getJsonArray("instances"))));
    }
    return moved;
  }

  private static List<String> loadedOn(Deployment deployment) {
    return deployment.steps().stream().filter(s -> s.kind() == StepKind.LOAD).findFirst()
        .map(s -> ids(s.detail().getJsonArray("instances", new JsonArray()))).orElse(List.of());
  }

  private static SemanticVersion version(Deployment deployment) {
    return SemanticVersion.parse(deployment.version());
  }

  private static List<String> ids(JsonArray array) {
    return array == null ? List.of() : array.stream().map(String::valueOf).toList();
  }
}
