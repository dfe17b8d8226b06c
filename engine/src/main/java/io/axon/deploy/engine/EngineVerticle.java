package io.axon.deploy.engine;

import io.axon.deploy.common.config.ConfigException;
import io.axon.deploy.common.cpu.CpuPool;
import io.axon.deploy.engine.http.EngineRoutes;
import io.axon.deploy.engine.nodes.NodeActions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.BindException;
import java.util.concurrent.ThreadLocalRandom;

/** The HTTP side of one engine instance, on one event loop; instances of it share an {@link EngineState}. */
public final class EngineVerticle extends VerticleBase {
  private final EngineState state;
  private final EngineSettings settings;
  private WebClient client;
  private CpuPool cpu;

  public EngineVerticle(EngineState state, EngineSettings settings) {
    this.state = state;
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setUserAgent("axon-engine"));
    cpu = CpuPool.shared(vertx, "axon-engine-cpu");
    NodeActions actions = new NodeActions(client, () -> ThreadLocalRandom.current().nextDouble(), state.gateway());
    WorkflowHost host = new WorkflowHost(vertx, state, actions, cpu);
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(settings.host()).setPort(settings.port()));
    return server.requestHandler(new EngineRoutes(state, host).router(vertx, settings.maxBodyBytes()))
        .listen()
        .recover(failure -> Future.failedFuture(failure instanceof BindException
            ? new ConfigException("engine " + state.instanceId() + ": port " + settings.port() + " on "
                + settings.host() + " is in use: set " + settings.portSetting())
            : failure))
        .onSuccess(listening -> state.port().compareAndSet(0, listening.actualPort()));
  }

  @Override
  public Future<?> stop() {
    state.draining().set(true);
    client.close();
    return cpu.close();
  }
}
