package io.axon.deploy.gateway.routing;

import io.axon.deploy.common.bus.Addresses;
import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.deployer.DeployerCommands;
import io.axon.deploy.common.deployer.DeployerEvents;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.monitor.InstanceView;
import io.axon.deploy.common.monitor.MonitorCommands;
import io.axon.deploy.common.routing.RoutingTable;
import io.axon.deploy.common.semver.VersionRange;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event loop's view of where executions go: the deployer's routing tables and the monitor's
 * instances. Revisions are applied in order, newer over older; each carries the whole table, so a
 * revision that reveals a gap also fills it. The whole view is fetched at start and every
 * {@code resyncMs} after (which also heals a publication lost in a cluster hiccup), and is kept
 * when the deployer or monitor are away: the gateway goes on routing by the last tables it had.
 */
public final class RoutingView {
  private static final Logger LOG = LoggerFactory.getLogger(RoutingView.class);

  /** Told of every revision this view applies, on its event loop, once executions route by it. */
  @FunctionalInterface
  public interface Applied {
    void applied(String environment, String workflow, long revision);
  }

  private final Vertx vertx;
  private final BusClient bus;
  private final Applied applied;
  /** environment → workflow → its routing: two lookups of strings the request already holds, no key built per request. */
  private final Map<String, Map<String, RoutedWorkflow>> workflows = new HashMap<>();
  private final Map<String, InstanceView> instances = new HashMap<>();
  private final Map<String, Long> suspects = new HashMap<>();
  private Set<String> environments = Set.of();
  private MessageConsumer<JsonObject> routingEvents;
  private MessageConsumer<JsonObject> committedRevisions;
  private MessageConsumer<JsonObject> instanceEvents;
  private long timer = -1;

  public RoutingView(Vertx vertx, BusClient bus) {
    this(vertx, bus, (environment, workflow, revision) -> { });
  }

  public RoutingView(Vertx vertx, BusClient bus, Applied applied) {
    this.vertx = vertx;
    this.bus = bus;
    this.applied = applied;
  }

  public Future<Void> start(long resyncMs) {
    routingEvents = vertx.eventBus().consumer(DeployerEvents.ADDRESS, message -> onRoutingEvent(message.body()));
    // the same revisions the moment they commit, ahead of the outbox relay: whichever comes first is applied
    committedRevisions = vertx.eventBus().consumer(DeployerEvents.ROUTING_ADDRESS, message -> onRoutingEvent(message.body()));
    instanceEvents = vertx.eventBus().consumer(MonitorCommands.EVENTS, message -> onInstanceEvent(message.body()));
    timer = vertx.setPeriodic(resyncMs, resyncMs, id -> resync());
    resync(); // without waiting: the gateway starts even while the deployer and monitor are away
    return Future.all(routingEvents.completion(), committedRevisions.completion(), instanceEvents.completion()).mapEmpty();
  }

  public void stop() {
    vertx.cancelTimer(timer);
    if (routingEvents != null) {
      routingEvents.unregister();
      committedRevisions.unregister();
      instanceEvents.unregister();
    }
  }

  /** Fetches every table and instance; what could not be fetched stays as it was. */
  public Future<Void> resync() {
    Future<Void> tables = bus.request(Addresses.DEPLOYER, DeployerCommands.LIST_ROUTING, new JsonObject(), null, null)
        .onSuccess(reply -> {
          JsonObject body = reply.json();
          Set<String> known = new HashSet<>();
          body.getJsonArray("environments", new JsonArray()).forEach(name -> known.add(String.valueOf(name)));
          environments = Set.copyOf(known);
          body.getJsonArray("tables", new JsonArray()).forEach(table -> apply(RoutingTable.fromJson((JsonObject) table)));
        }).mapEmpty();
    Future<Void> fleet = bus.request(Addresses.MONITOR, MonitorCommands.LIST_INSTANCES, new JsonObject(), null, null)
        .onSuccess(reply -> {
          instances.clear();
          reply.json().getJsonArray("items", new JsonArray())
              .forEach(item -> put(InstanceView.fromJson((JsonObject) item)));
          rebuild();
        }).mapEmpty();
    return Future.join(tables, fleet).<Void>mapEmpty()
        .onFailure(failure -> LOG.debug("routing resync incomplete: {}", failure.toString()));
  }

  private void onRoutingEvent(JsonObject event) {
    if (event != null && DeployerEvents.ROUTING_REVISED.equals(event.getString("type"))) {
      apply(RoutingTable.fromJson(event.getJsonObject("data")));
    }
  }

  private void onInstanceEvent(JsonObject event) {
    JsonObject data = event == null ? null : event.getJsonObject("data");
    if (data != null && data.getString("instanceId") != null) {
      put(InstanceView.fromJson(data));
      rebuild();
    }
  }

  private void put(InstanceView instance) {
    instances.put(instance.instanceId(), instance);
  }

  /** Applies a revision newer than the one held; an older or repeated one changes nothing. */
  public void apply(RoutingTable table) {
    Map<String, RoutedWorkflow> environment = workflows.computeIfAbsent(table.environment(), e -> new HashMap<>());
    RoutedWorkflow current = environment.get(table.workflow());
    if (current == null || table.revision() > current.table().revision()) {
      environment.put(table.workflow(), new RoutedWorkflow(table, healthyView()));
      applied.applied(table.environment(), table.workflow(), table.revision()); // the next execution here routes by it
    }
  }

  /** The revision of a table this view holds. */
  public Optional<Long> revision(String environment, String workflow) {
    return Optional.ofNullable(routed(environment, workflow)).map(w -> w.table().revision());
  }

  /**
   * Takes an instance the gateway could not connect to out of rotation for {@code forMs}: long enough
   * for the monitor's polls to conclude, after which the monitor's word decides.
   */
  public void suspect(InstanceView instance, long forMs) {
    suspects.put(instance.instanceId(), System.currentTimeMillis() + forMs);
    rebuild();
    vertx.setTimer(forMs, id -> rebuild());
  }

  /** Where the 404 of a workflow with nothing deployed lies: the workflow's path parameter. */
  public static final String NOTHING_DEPLOYED_AT = "path/key";

  /** Where an execution goes; a 404 (located at its cause) or 503 problem when it cannot go anywhere. */
  public Target target(String environment, String workflow, String routingKey, boolean preview,
      Optional<VersionRange> range) {
    RoutedWorkflow routed = routed(environment, workflow);
    if (routed == null || routed.table().live().isEmpty() && !preview) {
      throw environments.isEmpty() || environments.contains(environment)
          ? Problem.at(ProblemType.NOT_FOUND, NOTHING_DEPLOYED_AT, "nothing of workflow '" + workflow + "' is deployed in " + environment)
          : Problem.at(ProblemType.NOT_FOUND, "path/env", "environment '" + environment + "' does not exist");
    }
    String version = routed.version(routingKey, preview, range).orElseThrow(() -> preview
        ? Problem.at(ProblemType.NOT_FOUND, "header/X-Axon-Preview", "workflow '" + workflow + "' has no preview version in " + environment)
        : Problem.at(ProblemType.NOT_FOUND, "header/X-Axon-Version-Range", "no version of workflow '" + workflow + "' live in "
            + environment + " satisfies " + range.map(Object::toString).orElse("")));
    var hosts = routed.hosts(version);
    if (hosts.isEmpty()) {
      throw new Problem(ProblemType.UNAVAILABLE, "no healthy engine instance hosts version " + version + " of "
          + workflow + " in " + environment).exception();
    }
    return new Target(environment, workflow, version, routed.deployment(version), hosts, routed.path(version));
  }

  private void rebuild() {
    Map<String, InstanceView> healthy = healthyView();
    workflows.values().forEach(environment -> environment.replaceAll((key, routed) -> new RoutedWorkflow(routed.table(), healthy)));
  }

  private Map<String, InstanceView> healthyView() {
    long now = System.currentTimeMillis();
    suspects.values().removeIf(until -> until <= now);
    Map<String, InstanceView> view = new HashMap<>(instances);
    suspects.keySet().forEach(view::remove);
    return view;
  }

  private RoutedWorkflow routed(String environment, String workflow) {
    Map<String, RoutedWorkflow> tables = workflows.get(environment);
    return tables == null ? null : tables.get(workflow);
  }
}
