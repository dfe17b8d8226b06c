package io.axon.deploy.common.engine;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.servicediscovery.ServiceDiscoveryOptions;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The engine instances service discovery knows. In a clustered Vert.x, discovery's default backend
 * keeps its records in a Hazelcast map ({@code service.registry}), so every process of the cluster
 * sees every instance; in a local one, one process sees its own.
 */
public final class EngineDirectory {
  private EngineDirectory() {
  }

  /** A discovery client; whoever creates one closes it. */
  public static ServiceDiscovery discovery(Vertx vertx) {
    return ServiceDiscovery.create(vertx, new ServiceDiscoveryOptions());
  }

  /** Every engine instance of {@code environment}, ordered by instance id. */
  public static Future<List<EngineInstance>> list(ServiceDiscovery discovery, String environment) {
    return all(discovery).map(all -> all.stream().filter(e -> e.environment().equals(environment)).toList());
  }

  /** Every engine instance of every environment, ordered by environment and instance id. */
  public static Future<List<EngineInstance>> all(ServiceDiscovery discovery) {
    return discovery.getRecords(record -> EngineInstance.SERVICE_NAME.equals(record.getName()))
        .map(records -> records.stream().map(EngineInstance::fromRecord).flatMap(Optional::stream)
            .sorted(Comparator.comparing(EngineInstance::environment).thenComparing(EngineInstance::instanceId))
            .toList());
  }

  /** Publishes {@code instance}; the answer carries the registration id {@link #leave} needs. */
  public static Future<Record> announce(ServiceDiscovery discovery, EngineInstance instance) {
    return discovery.publish(instance.toRecord());
  }

  public static Future<Void> leave(ServiceDiscovery discovery, Record published) {
    return discovery.unpublish(published.getRegistration());
  }
}
