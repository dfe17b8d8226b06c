package io.axon.deploy.deployer.fleet;

import io.axon.deploy.common.events.OutboxRelay;
import io.axon.deploy.common.monitor.InstanceView;
import io.axon.deploy.common.monitor.InstanceView.HostedVersion;
import io.axon.deploy.common.routing.RoutingTable;
import io.axon.deploy.deployer.deployment.Deployment;
import io.axon.deploy.deployer.deployment.DeploymentRepository;
import io.axon.deploy.deployer.deployment.DeploymentStatus;
import io.axon.deploy.deployer.strategy.Strategy;
import io.axon.deploy.deployer.fleet.HostingPlan.Move;
import io.axon.deploy.deployer.routing.RoutingRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what runs equal to what PostgreSQL says should run, as Argo reconciles: every healthy
 * instance of an environment hosts the versions of its routing tables and of the deployments still
 * running there, and nothing else of those workflows; each table's {@code hosts} says where they
 * are. An engine that comes back empty is loaded again; one that joins is loaded before it gets
 * traffic. While a rolling deployment runs, its table's hosts say which instance serves which
 * version (the rollout moves them batch by batch), and the reconciler keeps to them. Runs on a timer and when the monitor reports a change.
 */
public final class FleetReconciler {
  private static final Logger LOG = LoggerFactory.getLogger(FleetReconciler.class);

  private final Vertx vertx;
  private final Pool pool;
  private final Fleet fleet;
  private final RoutingRepository routing;
  private final DeploymentRepository deployments;
  private final OutboxRelay relay;
  private final Set<String> running = ConcurrentHashMap.newKeySet();
  private final Set<String> again = ConcurrentHashMap.newKeySet();
  private final Map<String, String> failing = new HashMap<>();
  private long timer = -1;

  public FleetReconciler(Vertx vertx, Pool pool, Fleet fleet, RoutingRepository routing, DeploymentRepository deployments,
      OutboxRelay relay) {
    this.relay = relay;
    this.vertx = vertx;
    this.pool = pool;
    this.fleet = fleet;
    this.routing = routing;
    this.deployments = deployments;
  }

  public void start(long intervalMs, List<String> environments) {
    timer = vertx.setPeriodic(intervalMs, intervalMs, id -> environments.forEach(this::reconcile));
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Reconciles {@code environment} now, or right after the pass that is running. */
  public void reconcile(String environment) {
    if (!running.add(environment)) {
      again.add(environment);
      return;
    }
    pass(environment).onComplete(done -> {
      running.remove(environment);
      report(environment, done.failed() ? done.cause().toString() : null);
      if (again.remove(environment)) {
        reconcile(environment);
      }
    });
  }

  /** Says when reconciling an environment starts failing, and why, and when it works again; not at every tick. */
  private void report(String environment, String failure) {
    String before = failing.get(environment);
    if (java.util.Objects.equals(before, failure)) {
      return;
    }
    if (failure == null) {
      failing.remove(environment);
      LOG.info("reconciling {} works again", environment);
    } else {
      failing.put(environment, failure);
      LOG.info("reconciling {} failed, retrying at each tick: {}", environment, failure);
    }
  }

  private Future<Void> pass(String environment) {
    return Future.all(fleet.instances(environment), routing.all(Optional.of(environment)), deployments.active(environment))
        .compose(state -> {
          List<InstanceView> instances = state.resultAt(0);
          List<RoutingTable> tables = state.resultAt(1);
          List<Deployment> active = state.resultAt(2);
          Map<String, String> rolling = new HashMap<>();
          active.stream().filter(d -> d.strategy().type() == Strategy.Type.ROLLING && d.status() != DeploymentStatus.PENDING_APPROVAL
              && d.status() != DeploymentStatus.SCHEDULED).forEach(d -> rolling.put(d.workflow(), d.version()));
          Set<HostedVersion> wanted = new HashSet<>();
          Set<String> managed = new HashSet<>();
          Map<String, RoutingTable> pinned = new HashMap<>();
          for (RoutingTable table : tables) {
            managed.add(table.workflow());
            if (rolling.containsKey(table.workflow())) {
              pinned.put(table.workflow(), table);
            } else {
              table.versions().forEach(v -> wanted.add(new HostedVersion(table.workflow(), v.toString())));
            }
          }
          for (Deployment deployment : active) {
            managed.add(deployment.workflow());
            if (!rolling.containsKey(deployment.workflow())) {
              wanted.add(new HostedVersion(deployment.workflow(), deployment.version()));
            }
          }
          HostingPlan plan = HostingPlan.of(instances, wanted, managed, pinned, rolling);
          return apply(plan).compose(loaded -> Future.all(tables.stream()
              .filter(table -> !pinned.containsKey(table.workflow()))
              .map(table -> rehost(table, HostingPlan.hosts(instances, table.workflow(), loaded), plan.unloads()))
              .toList()));
        })
        .mapEmpty();
  }

  /** Runs the plan's moves; the loads that succeeded. A move that fails is tried again on the next pass. */
  private Future<Set<Move>> apply(HostingPlan plan) {
    Map<HostedVersion, Future<JsonObject>> definitions = new HashMap<>();
    List<Future<Optional<Move>>> loads = new ArrayList<>();
    for (Move move : plan.loads()) {
      Future<JsonObject> definition = definitions.computeIfAbsent(move.version(),
          v -> fleet.version(v.workflow(), v.version()).map(version -> version.getJsonObject("definition")));
      loads.add(definition
          .compose(d -> fleet.load(move.instance(), move.version().workflow(), move.version().version(), d))
          .map(Optional.of(move))
          .otherwise(failure -> {
            LOG.info("could not load {} {} on {}: {}", move.version().workflow(), move.version().version(),
                move.instance().instanceId(), failure.getMessage());
            return Optional.empty();
          }));
    }
    plan.unloads().forEach(move -> fleet.unload(move.instance(), move.version().workflow(), move.version().version())
        .onFailure(failure -> LOG.debug("could not unload from {}: {}", move.instance().instanceId(), failure.toString())));
    return Future.join(loads).map(done -> {
      Set<Move> loaded = new HashSet<>();
      loads.forEach(load -> load.result().ifPresent(loaded::add));
      return loaded;
    });
  }

  /** Writes the table's next revision when where its versions are hosted has changed. */
  private Future<Void> rehost(RoutingTable table, Map<String, List<String>> hosted, List<Move> unloaded) {
    Map<String, List<String>> hosts = new java.util.TreeMap<>();
    for (var version : table.versions()) {
      List<String> ids = new ArrayList<>(hosted.getOrDefault(version.toString(), List.of()));
      unloaded.stream().filter(m -> m.version().workflow().equals(table.workflow())
          && m.version().version().equals(version.toString())).forEach(m -> ids.remove(m.instance().instanceId()));
      if (!ids.isEmpty()) {
        hosts.put(version.toString(), ids);
      }
    }
    if (hosts.equals(table.hosts())) {
      return Future.succeededFuture();
    }
    return pool.withTransaction(tx -> routing.lock(tx, table.environment(), table.workflow())
            .compose(current -> current.filter(c -> c.revision() == table.revision())
                .map(c -> routing.write(tx, c.next(c.routes(), c.preview(), hosts)).<Void>mapEmpty())
                .orElse(Future.succeededFuture())))
        .onSuccess(v -> relay.nudge())
        .onSuccess(v -> LOG.info("{} in {}: hosts now {}", table.workflow(), table.environment(), hosts));
  }
}
