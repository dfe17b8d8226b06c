package io.axon.deploy.gateway.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's request latency as a Prometheus histogram,
 * {@code axon_http_server_request_duration_seconds{operation, method, status}}, with the buckets
 * {@link io.axon.deploy.common.cluster.VertxRuntime} gives it. The operation is the OpenAPI
 * operationId ({@code unmatched} for paths the API does not have), so the series stay few. One
 * instance per verticle instance: its timers are looked up without locks on its own event loop.
 */
public final class HttpMetrics {
  public static final String NAME = "axon.http.server.request.duration";

  private record Key(String operation, String method, int status) {
  }

  private final MeterRegistry registry;
  private final Map<Key, Timer> timers = new HashMap<>();

  public HttpMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void record(String operation, String method, int status, long nanos) {
    timers.computeIfAbsent(new Key(operation, method, status), key -> Timer.builder(NAME)
            .description("Time from a request's arrival at the gateway to the end of its response")
            .tag("operation", key.operation())
            .tag("method", key.method())
            .tag("status", Integer.toString(key.status()))
            .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }
}
