package io.axon.deploy.registry;

import io.axon.deploy.common.bus.Addresses;
import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.bus.CommandDispatcher;
import io.axon.deploy.common.bus.RegistryCommands;
import io.axon.deploy.common.bus.Reply;
import io.axon.deploy.common.cluster.VertxRuntime;
import io.axon.deploy.common.config.AxonConfig;
import io.axon.deploy.common.cpu.CpuPool;
import io.axon.deploy.common.db.Changes;
import io.axon.deploy.common.db.Database;
import io.axon.deploy.common.db.IdempotencyKeys;
import io.axon.deploy.common.events.Outbox;
import io.axon.deploy.common.events.OutboxRelay;
import io.axon.deploy.common.nodes.NodeTypeCatalog;
import io.axon.deploy.common.registry.RegistryEvents;
import io.axon.deploy.registry.audit.AuditCommands;
import io.axon.deploy.registry.audit.AuditKey;
import io.axon.deploy.registry.audit.AuditRepository;
import io.axon.deploy.registry.change.ChangeCommands;
import io.axon.deploy.registry.definition.DefinitionLimits;
import io.axon.deploy.registry.definition.DefinitionValidator;
import io.axon.deploy.registry.dependency.DependencyCommands;
import io.axon.deploy.registry.dependency.DependencyResolver;
import io.axon.deploy.registry.live.LiveVersionRepository;
import io.axon.deploy.registry.live.RoutingFollower;
import io.axon.deploy.registry.version.PinBackfill;
import io.axon.deploy.registry.version.VersionCommands;
import io.axon.deploy.registry.version.VersionRepository;
import io.axon.deploy.registry.workflow.WorkflowCommands;
import io.axon.deploy.registry.workflow.WorkflowRepository;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.function.Supplier;

/**
 * The registry service: answers {@link Addresses#REGISTRY}, relays its events to
 * {@link RegistryEvents#ADDRESS}, and follows the deployer's routing tables to know which versions
 * are live where ({@link RoutingFollower}).
 */
public final class RegistryVerticle extends VerticleBase {
  public static final String SCHEMA = "registry";
  private static final long RELAY_INTERVAL_MS = 1_000;
  private static final long SWEEP_INTERVAL_MS = 60_000;
  /** How often the live versions are checked against the deployer's whole list of routing tables. */
  private static final long LIVE_RESYNC_MS = 60_000;
  /** How soon the list is asked for again while the deployer has not answered yet (it may start after the registry). */
  private static final long LIVE_RETRY_MS = 2_000;

  private final AxonConfig config;
  private final AuditKey auditKey;
  private final NodeTypeCatalog catalog;
  private Pool pool;
  private CpuPool cpu;
  private OutboxRelay relay;
  private RoutingFollower follower;
  private long sweeper = -1;

  private RegistryVerticle(AxonConfig config, AuditKey auditKey, NodeTypeCatalog catalog) {
    this.config = config;
    this.auditKey = auditKey;
    this.catalog = catalog;
  }

  /** What the process loads once and its verticle instances share. */
  private record Prepared(AuditKey auditKey, NodeTypeCatalog catalog) {
  }

  /** Once per process: the schema migrated, the audit key and the node type catalog loaded. */
  public static Future<Supplier<Deployable>> prepare(VertxRuntime runtime, AxonConfig config) {
    return Database.prepare(runtime.vertx(), config, SCHEMA)
        .compose(v -> runtime.vertx().executeBlocking(() ->
            new Prepared(AuditKey.load(config.audit()), NodeTypeCatalog.load(config.nodeTypes()))))
        .compose(prepared -> backfillPins(runtime, config, prepared.catalog()).map(prepared))
        .map(prepared -> () -> new RegistryVerticle(config, prepared.auditKey(), prepared.catalog()));
  }

  private static Future<Integer> backfillPins(VertxRuntime runtime, AxonConfig config, NodeTypeCatalog catalog) {
    Pool once = Database.pool(runtime.vertx(), config, SCHEMA);
    return PinBackfill.run(runtime.vertx(), once, catalog).eventually(once::close);
  }

  @Override
  public Future<?> start() {
    pool = Database.pool(vertx, config, SCHEMA);
    cpu = CpuPool.shared(vertx, "axon-registry-cpu");
    relay = new OutboxRelay(vertx, pool, RegistryEvents.ADDRESS);
    IdempotencyKeys keys = new IdempotencyKeys();
    Changes changes = new Changes(pool, keys, relay, cpu);
    return AuditRepository.open(pool, auditKey, cpu).compose(audit -> {
      WorkflowRepository workflows = new WorkflowRepository(pool);
      VersionRepository versions = new VersionRepository(pool, cpu);
      LiveVersionRepository live = new LiveVersionRepository(pool);
      BusClient bus = new BusClient(vertx.eventBus(), config.busTimeoutMs());
      Outbox outbox = new Outbox();
      DefinitionValidator validator = new DefinitionValidator(catalog, DefinitionLimits.DEFAULT);
      CommandDispatcher dispatcher = new CommandDispatcher(vertx.eventBus(), cpu).on(RegistryCommands.PING, command -> ping());
      new WorkflowCommands(changes, workflows, audit, outbox).register(dispatcher);
      new VersionCommands(pool, changes, cpu, workflows, versions, live, audit, outbox, validator, catalog).register(dispatcher);
      new AuditCommands(changes, audit).register(dispatcher);
      new ChangeCommands(versions, cpu, catalog).register(dispatcher);
      new DependencyCommands(versions, live, bus, cpu, new DependencyResolver(catalog)).register(dispatcher);
      relay.start(RELAY_INTERVAL_MS);
      sweeper = vertx.setPeriodic(SWEEP_INTERVAL_MS, id -> keys.sweep(pool).compose(swept -> relay.sweep()));
      follower = new RoutingFollower(vertx, bus, live, LIVE_RESYNC_MS, LIVE_RETRY_MS);
      return Future.all(follower.start(), vertx.eventBus().consumer(Addresses.REGISTRY, dispatcher).completion());
    });
  }

  @Override
  public Future<?> stop() {
    if (relay != null) {
      relay.stop();
    }
    if (follower != null) {
      follower.stop();
    }
    vertx.cancelTimer(sweeper);
    return Future.join(pool == null ? Future.succeededFuture() : pool.close(),
        cpu == null ? Future.succeededFuture() : cpu.close());
  }

  private Future<Reply> ping() {
    return pool.query("SELECT 1").execute()
        .map(rows -> Reply.ok(new JsonObject().put("status", "UP").put("database", "UP")));
  }
}
