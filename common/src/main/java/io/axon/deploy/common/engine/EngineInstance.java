package io.axon.deploy.common.engine;

import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.types.HttpEndpoint;
import io.vertx.servicediscovery.types.HttpLocation;
import java.util.Optional;

/**
 * How an engine instance announces itself in service discovery (DESIGN §6): an HTTP endpoint
 * record named {@link #SERVICE_NAME}, of type {@link HttpEndpoint#TYPE}, with the metadata keys
 * {@link #ENVIRONMENT} and {@link #INSTANCE_ID}. The engine publishes it; the gateway, deployer and
 * monitor read it back with {@link #fromRecord} (or {@link EngineDirectory}).
 *
 * @param endpoint the instance's base URL, {@code http://127.0.0.1:9101}, without a trailing slash
 */
public record EngineInstance(String instanceId, String environment, String host, int port, String endpoint) {
  public static final String SERVICE_NAME = "axon-engine";
  public static final String ENVIRONMENT = "environment";
  public static final String INSTANCE_ID = "instanceId";

  public EngineInstance(String instanceId, String environment, String host, int port) {
    this(instanceId, environment, host, port, "http://" + host + ":" + port);
  }

  public Record toRecord() {
    return HttpEndpoint.createRecord(SERVICE_NAME, host, port, "/",
        new JsonObject().put(ENVIRONMENT, environment).put(INSTANCE_ID, instanceId));
  }

  /** The engine instance a record describes, or empty when the record is not an engine's. */
  public static Optional<EngineInstance> fromRecord(Record record) {
    JsonObject metadata = record.getMetadata();
    if (!SERVICE_NAME.equals(record.getName()) || !HttpEndpoint.TYPE.equals(record.getType()) || metadata == null
        || metadata.getString(ENVIRONMENT) == null || metadata.getString(INSTANCE_ID) == null
        || record.getLocation() == null) {
      return Optional.empty();
    }
    HttpLocation location = new HttpLocation(record.getLocation());
    return Optional.of(new EngineInstance(metadata.getString(INSTANCE_ID), metadata.getString(ENVIRONMENT),
        location.getHost(), location.getPort()));
  }

  /** The representation of DESIGN §3's engine instance fields this record knows. */
  public JsonObject toJson() {
    return new JsonObject().put("instanceId", instanceId).put("environment", environment).put("endpoint", endpoint);
  }
}
