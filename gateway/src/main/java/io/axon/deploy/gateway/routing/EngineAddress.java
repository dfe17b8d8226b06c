package io.axon.deploy.gateway.routing;

import io.axon.deploy.common.monitor.InstanceView;
import io.vertx.core.net.SocketAddress;
import java.net.URI;

/**
 * An engine instance with its endpoint taken apart once per routing table, rather than a URL parsed
 * and an address built per request.
 */
public record EngineAddress(InstanceView instance, SocketAddress server, String host, int port) {

  static EngineAddress of(InstanceView instance) {
    URI endpoint = URI.create(instance.endpoint());
    int port = endpoint.getPort() < 0 ? 80 : endpoint.getPort();
    return new EngineAddress(instance, SocketAddress.inetSocketAddress(port, endpoint.getHost()), endpoint.getHost(), port);
  }
}
