package io.axon.deploy.common.config;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Configuration read once at start from environment variables (or a map standing in for them),
 * falling back to defaults that suit a laptop.
 */
public record AxonConfig(
    String pgUrl,
    String httpHost,
    int httpPort,
    Optional<String> adminToken,
    int maxBodyBytes,
    long busTimeoutMs,
    int pgPoolSize,
    int instances,
    Cluster cluster) {

  public static final String DEFAULT_PG_URL = "postgresql://postgres@localhost:5432/axon";

  /** Where a clustered process listens and whom it joins: loopback unless told otherwise. */
  public record Cluster(String name, String host, int port, List<String> members) {
  }

  public static AxonConfig fromEnvironment() {
    return from(System.getenv());
  }

  public static AxonConfig from(Map<String, String> env) {
    return new AxonConfig(
        env.getOrDefault("AXON_PG_URL", DEFAULT_PG_URL),
        env.getOrDefault("AXON_HTTP_HOST", "0.0.0.0"),
        intValue(env, "AXON_HTTP_PORT", 8080),
        Optional.ofNullable(env.get("AXON_ADMIN_TOKEN")).filter(t -> !t.isBlank()),
        intValue(env, "AXON_MAX_BODY_BYTES", 4 * 1024 * 1024),
        intValue(env, "AXON_BUS_TIMEOUT_MS", 10_000),
        intValue(env, "AXON_PG_POOL_SIZE", 8),
        intValue(env, "AXON_INSTANCES", Runtime.getRuntime().availableProcessors()),
        new Cluster(
            env.getOrDefault("AXON_CLUSTER_NAME", "axon"),
            env.getOrDefault("AXON_CLUSTER_HOST", "127.0.0.1"),
            intValue(env, "AXON_CLUSTER_PORT", 5701),
            Arrays.stream(env.getOrDefault("AXON_CLUSTER_MEMBERS", "127.0.0.1").split(","))
                .map(String::trim).filter(m -> !m.isEmpty()).toList()));
  }

  private static int intValue(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'", e);
    }
  }
}
