package io.axon.deploy.deployer;

import io.axon.deploy.common.bus.Addresses;
import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.bus.CommandDispatcher;
import io.axon.deploy.common.bus.Reply;
import io.axon.deploy.common.cluster.VertxRuntime;
import io.axon.deploy.common.config.AxonConfig;
import io.axon.deploy.common.cpu.CpuPool;
import io.axon.deploy.common.db.Changes;
import io.axon.deploy.common.db.Database;
import io.axon.deploy.common.db.IdempotencyKeys;
import io.axon.deploy.common.deployer.DeployerCommands;
import io.axon.deploy.common.deployer.DeployerEvents;
import io.axon.deploy.common.events.Outbox;
import io.axon.deploy.common.events.OutboxRelay;
import io.axon.deploy.common.monitor.MonitorCommands;
import io.axon.deploy.deployer.deployment.DeploymentCommands;
import io.axon.deploy.deployer.deployment.DeploymentRepository;
import io.axon.deploy.deployer.environment.Environment;
import io.axon.deploy.deployer.environment.EnvironmentCommands;
import io.axon.deploy.deployer.environment.EnvironmentRepository;
import io.axon.deploy.deployer.fleet.Fleet;
import io.axon.deploy.deployer.fleet.FleetReconciler;
import io.axon.deploy.deployer.gateways.GatewayCommands;
import io.axon.deploy.deployer.gateways.GatewayRoster;
import io.axon.deploy.deployer.rollout.RolloutDriver;
import io.axon.deploy.deployer.routing.RoutingCommands;
import io.axon.deploy.deployer.routing.RoutingRepository;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;

/**
 * The deployer service: answers {@link Addresses#DEPLOYER}, drives deployments, reconciles the
 * engine instances onto the routing tables, and relays its events to {@link DeployerEvents#ADDRESS}.
 */
public final class DeployerVerticle extends VerticleBase {
  public static final String SCHEMA = "deployer";
  private static final long RELAY_INTERVAL_MS = 1_000;
  private static final long RECONCILE_INTERVAL_MS = 2_000;
  private static final long SWEEP_INTERVAL_MS = 60_000;

  private final AxonConfig config;
  private Pool pool;
  private CpuPool cpu;
  private OutboxRelay relay;
  private FleetReconciler reconciler;
  private GatewayRoster roster;
  private WebClient engines;
  private long sweeper = -1;
  private long resumer = -1;

  private DeployerVerticle(AxonConfig config) {
    this.config = config;
  }

  /**
   * Migrates the schema (environments seeded), then deploys one deployer verticle: its rollout
   * driver and reconciler keep what they are doing in memory on one event loop, and two of them in
   * one process would drive each deployment twice. The deployer is not on a hot path; executions
   * never go through it.
   */
  public static Future<String> deploy(VertxRuntime runtime, AxonConfig config) {
    return Database.prepare(runtime.vertx(), config, SCHEMA)
        .compose(v -> runtime.vertx().deployVerticle(new DeployerVerticle(config), new DeploymentOptions().setInstances(1)));
  }

  @Override
  public Future<?> start() {
    pool = Database.pool(vertx, config, SCHEMA);
    cpu = CpuPool.shared(vertx, "axon-deployer-cpu");
    relay = new OutboxRelay(vertx, pool, DeployerEvents.ADDRESS);
    engines = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setUserAgent("axon-deployer"));
    BusClient bus = new BusClient(vertx.eventBus(), config.busTimeoutMs());
    IdempotencyKeys keys = new IdempotencyKeys();
    Changes changes = new Changes(pool, keys, relay, cpu);
    Outbox outbox = new Outbox();
    EnvironmentRepository environments = new EnvironmentRepository(pool);
    DeploymentRepository deployments = new DeploymentRepository(pool);
    // each routing revision also goes to the gateways the moment it commits, ahead of the relay
    RoutingRepository routing = new RoutingRepository(pool, outbox,
        event -> vertx.eventBus().publish(DeployerEvents.ROUTING_ADDRESS, event));
    Fleet fleet = new Fleet(bus, engines, config.busTimeoutMs());
    // the gateways running and the routing revisions they route by: a traffic step waits on roster.acknowledged
    roster = new GatewayRoster(vertx, config.presence());
    RolloutDriver driver = new RolloutDriver(vertx, pool, deployments, routing, outbox, relay, fleet);
    reconciler = new FleetReconciler(vertx, pool, fleet, routing, deployments, relay);
    CommandDispatcher dispatcher = new CommandDispatcher(vertx.eventBus(), cpu)
        .on(DeployerCommands.PING, command -> pool.query("SELECT 1").execute()
            .map(rows -> Reply.ok(new JsonObject().put("status", "UP").put("database", "UP"))));
    new EnvironmentCommands(environments).register(dispatcher);
    AuditTrail audit = new AuditTrail(bus);
    new DeploymentCommands(changes, environments, deployments, routing, outbox, fleet, audit, driver).register(dispatcher);
    new RoutingCommands(changes, environments, routing, deployments, audit).register(dispatcher);
    new GatewayCommands(roster).register(dispatcher);
    relay.start(RELAY_INTERVAL_MS);
    sweeper = vertx.setPeriodic(SWEEP_INTERVAL_MS, id -> keys.sweep(pool).compose(swept -> relay.sweep()));
    // a deployment whose driver died (or whose retries ran out of luck) is picked up again
    resumer = vertx.setPeriodic(RECONCILE_INTERVAL_MS, id -> driver.resume());
    MessageConsumer<JsonObject> instanceChanges = vertx.eventBus().consumer(MonitorCommands.EVENTS,
        event -> reconcileOn(event.body()));
    return roster.start()
        .compose(v -> environments.all())
        .onSuccess(all -> reconciler.start(RECONCILE_INTERVAL_MS, all.stream().map(Environment::name).toList()))
        .compose(all -> driver.resume())
        .compose(v -> instanceChanges.completion())
        .compose(v -> vertx.eventBus().consumer(Addresses.DEPLOYER, dispatcher).completion());
  }

  /** An instance that changed (recovered, joined, came back empty) gets its environment reconciled now. */
  private void reconcileOn(JsonObject event) {
    JsonObject data = event == null ? null : event.getJsonObject("data");
    if (data != null && data.getString("environment") != null) {
      reconciler.reconcile(data.getString("environment"));
    }
  }

  @Override
  public Future<?> stop() {
    if (relay != null) {
      relay.stop();
    }
    if (reconciler != null) {
      reconciler.stop();
    }
    if (roster != null) {
      roster.stop();
    }
    vertx.cancelTimer(sweeper);
    vertx.cancelTimer(resumer);
    if (engines != null) {
      engines.close();
    }
    return Future.join(pool == null ? Future.succeededFuture() : pool.close(),
        cpu == null ? Future.succeededFuture() : cpu.close());
  }
}
