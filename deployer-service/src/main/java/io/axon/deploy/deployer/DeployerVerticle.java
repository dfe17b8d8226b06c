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
import io.axon.deploy.deployer.approval.ApprovalCommands;
import io.axon.deploy.deployer.approval.ApprovalRepository;
import io.axon.deploy.deployer.deployment.Admission;
import io.axon.deploy.deployer.deployment.DeploymentCommands;
import io.axon.deploy.deployer.deployment.DeploymentControls;
import io.axon.deploy.deployer.deployment.EmergencyRollback;
import io.axon.deploy.deployer.diagnosis.DiagnosisCommands;
import io.axon.deploy.deployer.deployment.Gate;
import io.axon.deploy.deployer.deployment.ScheduledStarts;
import io.axon.deploy.deployer.deployment.Transitions;
import io.axon.deploy.deployer.rollout.GatewayAcknowledgements;
import io.axon.deploy.deployer.rollout.TrafficSteps;
import io.axon.deploy.deployer.rollout.VerificationSteps;
import io.axon.deploy.deployer.deployment.DeploymentRepository;
import io.axon.deploy.deployer.environment.Environment;
import io.axon.deploy.deployer.environment.EnvironmentCommands;
import io.axon.deploy.deployer.environment.EnvironmentRepository;
import io.axon.deploy.deployer.environment.SecretCipher;
import io.axon.deploy.deployer.fleet.Fleet;
import io.axon.deploy.deployer.fleet.FleetReconciler;
import io.axon.deploy.deployer.gateways.GatewayCommands;
import io.axon.deploy.deployer.gateways.GatewayRoster;
import io.axon.deploy.deployer.rollout.RecoveryWatch;
import io.axon.deploy.deployer.rollout.RolloutDriver;
import io.axon.deploy.deployer.routing.RoutingCommands;
import io.axon.deploy.deployer.routing.RoutingRepository;
import io.axon.deploy.deployer.healing.AutomaticRollbacks;
import io.axon.deploy.deployer.rollout.AnalysisSteps;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployer service: answers {@link Addresses#DEPLOYER}, drives deployments, reconciles the
 * engine instances onto the routing tables, and relays its events to {@link DeployerEvents#ADDRESS}.
 */
public final class DeployerVerticle extends VerticleBase {
  public static final String SCHEMA = "deployer";
  private static final long RELAY_INTERVAL_MS = 1_000;
  private static final long RECONCILE_INTERVAL_MS = 2_000;
  private static final long SWEEP_INTERVAL_MS = 60_000;
  private static final long SCHEDULE_INTERVAL_MS = 1_000;
  private static final long AUDIT_WAIT_MS = 2_000;
  private static final Logger LOG = LoggerFactory.getLogger(DeployerVerticle.class);

  private final AxonConfig config;
  private final SecretCipher secrets;
  private Pool pool;
  private CpuPool cpu;
  private OutboxRelay relay;
  private FleetReconciler reconciler;
  private GatewayRoster roster;
  private WebClient engines;
  private final Clock clock = Clock.systemUTC();
  private final List<Long> timers = new ArrayList<>();
  private RolloutDriver driver;
  private AuditTrail audit;
  private volatile boolean stopping;

  private DeployerVerticle(AxonConfig config, SecretCipher secrets) {
    this.config = config;
    this.secrets = secrets;
  }

  /**
   * Migrates the schema (environments seeded), then deploys one deployer verticle: its rollout
   * driver and reconciler keep what they are doing in memory on one event loop, and two of them in
   * one process would drive each deployment twice. The deployer is not on a hot path; executions
   * never go through it. The secrets key is read (or created) first, off the event loop.
   */
  public static Future<String> deploy(VertxRuntime runtime, AxonConfig config) {
    return Database.prepare(runtime.vertx(), config, SCHEMA)
        .compose(v -> runtime.vertx().executeBlocking(() -> SecretCipher.load(config.secrets())))
        .compose(secrets -> runtime.vertx().deployVerticle(new DeployerVerticle(config, secrets),
            new DeploymentOptions().setInstances(1)));
  }

  @Override
  public Future<?> start() {
    pool = Database.pool(vertx, config, SCHEMA);
    cpu = CpuPool.shared(vertx, "axon-deployer-cpu");
    relay = new OutboxRelay(vertx, pool, DeployerEvents.ADDRESS);
    engines = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setUserAgent("axon-deployer"));
    BusClient bus = new BusClient(vertx.eventBus(), config.busTimeoutMs());
    IdempotencyKeys keys = new IdempotencyKeys();
    audit = new AuditTrail(bus, pool);
    // a reply waits for its audit record to reach the trail, but not for long: it is committed and waits in the outbox
    Changes changes = new Changes(pool, keys, relay, cpu, () -> audit.flush().timeout(AUDIT_WAIT_MS, TimeUnit.MILLISECONDS));
    Outbox outbox = new Outbox();
    EnvironmentRepository environments = new EnvironmentRepository(pool);
    DeploymentRepository deployments = new DeploymentRepository(pool);
    ApprovalRepository approvalRepository = new ApprovalRepository(pool);
    // each routing revision also goes to the gateways the moment it commits, ahead of the relay
    RoutingRepository routing = new RoutingRepository(pool, outbox,
        event -> vertx.eventBus().publish(DeployerEvents.ROUTING_ADDRESS, event));
    Transitions transitions = new Transitions(deployments, outbox);
    Fleet fleet = new Fleet(bus, engines, config.busTimeoutMs());
    Gate gate = new Gate(transitions, clock);
    // the gateways running and the routing revisions they route by: a traffic step completes once all
    // of them route by its revision, waiting less than the window after which a silent one counts as gone
    roster = new GatewayRoster(vertx, config.presence());
    long ackTimeoutMs = Math.max(100, config.presence().staleMs() * 2 / 3);
    GatewayAcknowledgements acks = (environment, workflow, revision) ->
        roster.acknowledged(environment, workflow, revision, ackTimeoutMs);
    driver = new RolloutDriver(vertx, pool, deployments, transitions, relay, clock,
        new TrafficSteps(pool, deployments, routing, fleet, acks, relay), new VerificationSteps(fleet, clock),
        new AnalysisSteps(fleet, deployments, clock), new RecoveryWatch(fleet, clock));
    reconciler = new FleetReconciler(vertx, pool, fleet, routing, deployments, relay);
    ScheduledStarts starts = new ScheduledStarts(pool, deployments, environments, gate, driver, relay);
    ApprovalCommands approvals = new ApprovalCommands(changes, pool, approvalRepository, deployments, environments,
        transitions, gate, audit, driver, relay, clock);
    CommandDispatcher dispatcher = new CommandDispatcher(vertx.eventBus(), cpu)
        .on(DeployerCommands.PING, command -> pool.query("SELECT 1").execute()
            .map(rows -> Reply.ok(new JsonObject().put("status", "UP").put("database", "UP"))));
    new EnvironmentCommands(environments, changes, outbox, audit, secrets, cpu).register(dispatcher);
    new DeploymentCommands(changes, environments, deployments, routing, approvalRepository,
        new Admission(fleet, deployments), transitions, gate, audit, driver, clock).register(dispatcher);
    new DeploymentControls(changes, deployments, environments, approvalRepository, routing, transitions, fleet, audit,
        driver, clock).register(dispatcher);
    new EmergencyRollback(changes, deployments, environments, approvalRepository, routing, transitions, fleet, audit,
        driver, clock).register(dispatcher);
    new DiagnosisCommands(deployments).register(dispatcher);
    approvals.register(dispatcher);
    new RoutingCommands(changes, environments, routing, deployments, audit).register(dispatcher);
    new AutomaticRollbacks(changes, deployments, environments, routing, transitions, audit, driver, clock)
        .register(dispatcher);
    driver.start();
    timers.add(vertx.setPeriodic(SCHEDULE_INTERVAL_MS, id -> starts.check().compose(v -> approvals.expireOverdue())
        .onFailure(e -> {
          if (!stopping) { // a round in flight when the pool closes says nothing worth a warning
            LOG.warn("could not start scheduled deployments or expire approvals: {}", e.toString());
          }
        })));
    new GatewayCommands(roster).register(dispatcher);
    relay.start(RELAY_INTERVAL_MS);
    timers.add(vertx.setPeriodic(RELAY_INTERVAL_MS, id -> audit.sweep()));
    timers.add(vertx.setPeriodic(SWEEP_INTERVAL_MS, id -> keys.sweep(pool).compose(swept -> relay.sweep())));
    // a deployment whose driver died (its lease ran out) is picked up again
    timers.add(vertx.setPeriodic(RECONCILE_INTERVAL_MS, id -> driver.resume()));
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
    stopping = true;
    if (audit != null) {
      audit.stop();
    }
    if (relay != null) {
      relay.stop();
    }
    if (reconciler != null) {
      reconciler.stop();
    }
    timers.forEach(vertx::cancelTimer);
    if (driver != null) {
      driver.stop();
    }
    if (roster != null) {
      roster.stop();
    }
    if (engines != null) {
      engines.close();
    }
    return Future.join(pool == null ? Future.succeededFuture() : pool.close(),
        cpu == null ? Future.succeededFuture() : cpu.close());
  }
}
