package io.axon.deploy.gateway.routing;

import io.axon.deploy.common.monitor.InstanceView;
import java.net.URI;

/** An engine instance with its endpoint taken apart once, rather than a URL parsed per request. */
public record EngineAddress(InstanceView instance, String host, int port) {

  static EngineAddress of(InstanceView instance) {
    URI endpoint = URI.create(instance.endpoint());
    return new EngineAddress(instance, endpoint.getHost(), endpoint.getPort() < 0 ? 80 : endpoint.getPort());
  }
}
