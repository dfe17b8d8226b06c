package io.axon.deploy.common.config;

import java.nio.file.Path;
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
    Pg pg,
    int instances,
    Audit audit,
    Optional<Path> nodeTypes,
    long tokenRefreshMs,
    Cluster cluster) {

  public static final String DEFAULT_PG_URL = "postgresql://postgres@localhost:5432/axon";

  /** Where a clustered process listens and whom it joins: loopback unless told otherwise. */
  public record Cluster(String name, String host, int port, List<String> members) {
  }

  /**
   * One pool per service and process: at most {@code poolSize} connections, at most
   * {@code waitQueue} callers waiting for one, and no statement running past {@code statementTimeoutMs}.
   */
  public record Pg(int poolSize, int waitQueue, long statementTimeoutMs) {
  }

  /** The audit chain's key: given as {@code key}, or kept in {@code keyFile}, created at the first start. */
  public record Audit(Optional<String> key, Path keyFile) {
  }

  public static AxonConfig fromEnvironment() {
    return from(System.getenv());
  }

  public static AxonConfig from(Map<String, String> env) {
    long busTimeout = intValue(env, "AXON_BUS_TIMEOUT_MS", 10_000);
    return new AxonConfig(
        env.getOrDefault("AXON_PG_URL", DEFAULT_PG_URL),
        env.getOrDefault("AXON_HTTP_HOST", "0.0.0.0"),
        intValue(env, "AXON_HTTP_PORT", 8080),
        optional(env, "AXON_ADMIN_TOKEN"),
        intValue(env, "AXON_MAX_BODY_BYTES", 4 * 1024 * 1024),
        busTimeout,
        new Pg(intValue(env, "AXON_PG_POOL_SIZE", 8), intValue(env, "AXON_PG_WAIT_QUEUE", 256),
            intValue(env, "AXON_PG_STATEMENT_TIMEOUT_MS", (int) busTimeout)),
        intValue(env, "AXON_INSTANCES", Runtime.getRuntime().availableProcessors()),
        new Audit(optional(env, "AXON_AUDIT_KEY"), optional(env, "AXON_AUDIT_KEY_FILE").map(Path::of)
            .orElse(Path.of(System.getProperty("user.home"), ".axon", "audit.key"))),
        optional(env, "AXON_NODE_TYPES").map(Path::of),
        intValue(env, "AXON_TOKEN_REFRESH_MS", 250),
        new Cluster(
            env.getOrDefault("AXON_CLUSTER_NAME", "axon"),
            env.getOrDefault("AXON_CLUSTER_HOST", "127.0.0.1"),
            intValue(env, "AXON_CLUSTER_PORT", 5701),
            Arrays.stream(env.getOrDefault("AXON_CLUSTER_MEMBERS", "127.0.0.1").split(","))
                .map(String::trim).filter(m -> !m.isEmpty()).toList()));
  }

  private static Optional<String> optional(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).filter(value -> !value.isBlank());
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
