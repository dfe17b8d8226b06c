package io.axon.deploy.engine;

import io.axon.deploy.common.engine.EngineDirectory;
import io.axon.deploy.common.engine.EngineInstance;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;

/**
 * Announces one engine instance in service discovery when it starts (its HTTP server is listening
 * by then) and takes the record back when it stops, before the server closes.
 */
public final class EngineAnnouncer extends VerticleBase {
  private final EngineInstance instance;
  private ServiceDiscovery discovery;
  private Record published;

  public EngineAnnouncer(EngineInstance instance) {
    this.instance = instance;
  }

  @Override
  public Future<?> start() {
    discovery = EngineDirectory.discovery(vertx);
    return EngineDirectory.announce(discovery, instance).onSuccess(record -> published = record);
  }

  @Override
  public Future<?> stop() {
    Future<Void> left = published == null ? Future.succeededFuture() : EngineDirectory.leave(discovery, published);
    return left.eventually(() -> {
      discovery.close();
      return Future.succeededFuture();
    });
  }
}
