package io.axon.deploy.gateway;

import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.cluster.VertxRuntime;
import io.axon.deploy.common.config.AxonConfig;
import io.axon.deploy.common.db.Database;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.gateway.auth.Authentication;
import io.axon.deploy.gateway.auth.TokenDirectory;
import io.axon.deploy.gateway.auth.TokenRepository;
import io.axon.deploy.gateway.auth.TokenRoutes;
import io.axon.deploy.gateway.auth.Tokens;
import io.axon.deploy.gateway.deployer.DeployerRoutes;
import io.axon.deploy.gateway.execution.ExecutionLog;
import io.axon.deploy.gateway.execution.ExecutionProxy;
import io.axon.deploy.gateway.presence.GatewayPresence;
import io.axon.deploy.gateway.routing.RoutingView;
import io.axon.deploy.gateway.health.HealthRoutes;
import io.axon.deploy.gateway.http.BusRoute;
import io.axon.deploy.gateway.http.Contract;
import io.axon.deploy.gateway.http.Diagnosis;
import io.axon.deploy.gateway.http.HttpMetrics;
import io.axon.deploy.gateway.http.ProblemResponder;
import io.axon.deploy.gateway.http.RequestCheck;
import io.axon.deploy.gateway.http.RequestLog;
import io.axon.deploy.gateway.monitor.MonitorRoutes;
import io.axon.deploy.gateway.registry.RegistryRoutes;
import io.axon.deploy.gateway.stream.EventHub;
import io.axon.deploy.gateway.stream.StreamRoutes;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The HTTP face of the suite: routes from the OpenAPI contract (which validates every request),
 * bearer authentication, and one problem+json failure handler; everything else is forwarded to
 * the services over the event bus. WebSocket streams of deployment progress are upgraded from routes
 * of the contract too ({@link StreamRoutes}), after the same checks.
 */
public final class GatewayVerticle extends VerticleBase {
  public static final String SCHEMA = "gateway";
  /** Connections to each engine instance per event loop: at least the concurrency a loop carries. */
  private static final int ENGINE_CONNECTIONS = 256;
  private static final long ROUTING_RESYNC_MS = 5_000;
  private static final long EXECUTION_FLUSH_MS = 200;

  private final AxonConfig config;
  private final PrometheusMeterRegistry metrics;
  private final GatewayPresence presence;
  private GatewayPresence.Attachment attachment;
  private Pool pool;
  private TokenDirectory directory;
  private RoutingView routing;
  private ExecutionLog executions;
  private EventHub streams;
  private HttpClient engines;
  private HttpServer server;

  private GatewayVerticle(AxonConfig config, PrometheusMeterRegistry metrics, GatewayPresence presence) {
    this.config = config;
    this.metrics = metrics;
    this.presence = presence;
  }

  /**
   * Once per process: the schema migrated, an admin token made sure of, and the process's presence
   * deployed (its id, heartbeats and routing acknowledgements), which every instance reports to.
   */
  public static Future<Supplier<Deployable>> prepare(VertxRuntime runtime, AxonConfig config) {
    GatewayPresence presence = new GatewayPresence(config.presence().gatewayId().orElseGet(() -> UUID.randomUUID().toString()),
        config.presence().heartbeatMs());
    return Database.prepare(runtime.vertx(), config, SCHEMA).compose(v -> {
      Pool bootstrapPool = Database.pool(runtime.vertx(), config, SCHEMA);
      return Tokens.bootstrap(new TokenRepository(bootstrapPool), config.adminToken()).eventually(bootstrapPool::close);
    }).compose(v -> runtime.vertx().deployVerticle(presence))
        .map(v -> () -> new GatewayVerticle(config, runtime.metrics(), presence));
  }

  @Override
  public Future<?> start() {
    BusClient bus = new BusClient(vertx.eventBus(), config.busTimeoutMs());
    pool = Database.pool(vertx, config, SCHEMA);
    TokenRepository repository = new TokenRepository(pool);
    directory = new TokenDirectory(vertx, repository);
    Tokens tokens = new Tokens(repository, directory);
    attachment = presence.attach();
    routing = new RoutingView(vertx, bus, attachment);
    executions = new ExecutionLog(vertx);
    streams = new EventHub(vertx, tokens::validNow);
    // one client per event loop, created here: a shared one hands half the requests across loops (NOTES)
    engines = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setPipelining(false),
        new PoolOptions().setHttp1MaxSize(ENGINE_CONNECTIONS));
    ExecutionProxy proxy = new ExecutionProxy(tokens, routing, engines, executions, bus, config.maxBodyBytes());
    return directory.start(config.tokenRefreshMs())
        .compose(v -> routing.start(ROUTING_RESYNC_MS))
        .onSuccess(v -> executions.start(EXECUTION_FLUSH_MS))
        .compose(v -> streams.start())
        .compose(v -> Contract.load(vertx))
        .map(contract -> {
          RouterBuilder api = RouterBuilder.create(vertx, contract.validation(), RequestExtractor.withBodyHandler())
              .rootHandler(new RequestLog(config.httpMetrics() ? new HttpMetrics(metrics) : null))
              .rootHandler(new Authentication(tokens))
              .rootHandler(new RequestCheck(contract.operations()))
              .rootHandler(BodyHandler.create().setBodyLimit(config.maxBodyBytes()).setHandleFileUploads(false));
          api.getRoutes().forEach(route -> route.setDoSecurity(false));
          new HealthRoutes(pool, bus, metrics, contract.text()).mount(api);
          new TokenRoutes(tokens, repository, bus).mount(api);
          RegistryRoutes registry = new RegistryRoutes(new BusRoute(bus));
          registry.mount(api);
          Diagnosis diagnosis = new Diagnosis(bus);
          registry.ruleChecks(diagnosis);
          DeployerRoutes deployer = new DeployerRoutes(new BusRoute(bus), bus);
          deployer.ruleChecks(diagnosis);
          deployer.mount(api);
          new MonitorRoutes(new BusRoute(bus)).mount(api);
          new StreamRoutes(streams, bus, tokens).mount(api);
          // executions never reach the router (ExecutionProxy takes them first); the route only documents them
          api.getRoute("executeWorkflow").addHandler(ctx -> ctx.fail(Problem.notFound("no such execution route")));
          return router(api, new ProblemResponder(diagnosis, config.maxBodyBytes()));
        })
        .compose(router -> vertx.createHttpServer()
            .requestHandler(request -> {
              if (!proxy.handled(request)) {
                router.handle(request);
              }
            })
            .listen(config.httpPort(), config.httpHost()))
        .onSuccess(listening -> server = listening)
        .onFailure(failure -> attachment.detach()); // a view that never routes must not hold acknowledgements back
  }

  @Override
  public Future<?> stop() {
    if (directory != null) {
      directory.stop();
    }
    if (routing != null) {
      routing.stop();
      attachment.detach();
      executions.stop();
    }
    return Future.join(streams == null ? Future.succeededFuture() : streams.stop(),
        server == null ? Future.succeededFuture() : server.close(),
        engines == null ? Future.succeededFuture() : engines.close(),
        pool == null ? Future.succeededFuture() : pool.close());
  }

  private static Router router(RouterBuilder api, ProblemResponder problems) {
    Router router = api.createRouter();
    router.route().failureHandler(problems);
    for (int status : new int[] {404, 405, 413, 415, 500}) {
      router.errorHandler(status, problems);
    }
    return router;
  }
}
