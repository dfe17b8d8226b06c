package io.axon.deploy.common.config;

import io.vertx.pgclient.PgConnectOptions;
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
    boolean httpMetrics,
    Audit audit,
    Secrets secrets,
    Optional<Path> nodeTypes,
    long tokenRefreshMs,
    Cluster cluster,
    Engine engine,
    Monitor monitor,
    Presence presence) {

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

  /**
   * Reference engine instances: one process's own ({@code environment}, {@code instanceId}, {@code port},
   * 0 for a free one), the standalone suite's ({@code perEnvironment} per environment from
   * {@code basePort} up, 0 for free ports), and the gateway a {@code subworkflow} node calls with
   * {@code gatewayToken}. {@code host} is where an instance listens, {@code publicHost} the address
   * it announces in service discovery.
   */
  public record Engine(String environment, Optional<String> instanceId, String host, String publicHost, int port,
      int perEnvironment, int basePort, Optional<String> gatewayUrl, Optional<String> gatewayToken) {
  }

  /**
   * The monitor: how often it polls each engine instance's {@code /health} ({@code pollMs}), after how
   * many consecutive failed polls an instance is unhealthy ({@code failures}), how long execution
   * records are kept for sliding windows ({@code retentionMs}), and the port of its own process's
   * {@code /health} and {@code /metrics} ({@code httpPort}, on {@link #httpHost}), and how often it
   * judges the watched deployments against their rollback triggers ({@code evaluationMs}).
   */
  public record Monitor(long pollMs, int failures, long retentionMs, int httpPort, long evaluationMs) {
  }

  /**
   * Gateway presence: this gateway process's id ({@code gatewayId}; a random one per start when not
   * given), how often it announces itself and the routing revisions it holds ({@code heartbeatMs}), and
   * after how long without hearing from a gateway the deployer counts it gone ({@code staleMs}).
   */
  public record Presence(Optional<String> gatewayId, long heartbeatMs, long staleMs) {
  }

  /** The audit chain's key: given as {@code key}, or kept in {@code keyFile}, created at the first start. */
  public record Audit(Optional<String> key, Path keyFile) {
  }

  /**
   * The key that encrypts environment variables marked secret: given as {@code key} (base64 of 32
   * bytes), or kept in {@code keyFile}, created at the first start.
   */
  public record Secrets(Optional<String> key, Path keyFile) {
  }

  public static AxonConfig fromEnvironment() {
    return from(System.getenv());
  }

  /** Reads and checks every setting; a bad one is a {@link ConfigException} that names it. */
  public static AxonConfig from(Map<String, String> env) {
    long busTimeout = intValue(env, "AXON_BUS_TIMEOUT_MS", 10_000, 1, Integer.MAX_VALUE);
    return new AxonConfig(
        pgUrl(env.getOrDefault("AXON_PG_URL", DEFAULT_PG_URL)),
        env.getOrDefault("AXON_HTTP_HOST", "0.0.0.0"),
        intValue(env, "AXON_HTTP_PORT", 8080, 1, 65_535),
        optional(env, "AXON_ADMIN_TOKEN"),
        intValue(env, "AXON_MAX_BODY_BYTES", 4 * 1024 * 1024, 1024, Integer.MAX_VALUE),
        busTimeout,
        new Pg(intValue(env, "AXON_PG_POOL_SIZE", 8, 1, 1000), intValue(env, "AXON_PG_WAIT_QUEUE", 256, 1, 1_000_000),
            intValue(env, "AXON_PG_STATEMENT_TIMEOUT_MS", (int) busTimeout, 1, Integer.MAX_VALUE)),
        intValue(env, "AXON_INSTANCES", Runtime.getRuntime().availableProcessors(), 1, 1024),
        flag(env, "AXON_HTTP_METRICS", true),
        new Audit(optional(env, "AXON_AUDIT_KEY"), optional(env, "AXON_AUDIT_KEY_FILE").map(Path::of)
            .orElse(Path.of(System.getProperty("user.home"), ".axon", "audit.key"))),
        new Secrets(secretsKey(env), optional(env, "AXON_SECRETS_KEY_FILE").map(Path::of)
            .orElse(Path.of(System.getProperty("user.home"), ".axon", "secrets.key"))),
        optional(env, "AXON_NODE_TYPES").map(Path::of),
        intValue(env, "AXON_TOKEN_REFRESH_MS", 250, 1, Integer.MAX_VALUE),
        new Cluster(
            env.getOrDefault("AXON_CLUSTER_NAME", "axon"),
            env.getOrDefault("AXON_CLUSTER_HOST", "127.0.0.1"),
            intValue(env, "AXON_CLUSTER_PORT", 5701, 1, 65_535),
            Arrays.stream(env.getOrDefault("AXON_CLUSTER_MEMBERS", "127.0.0.1").split(","))
                .map(String::trim).filter(m -> !m.isEmpty()).toList()),
        engine(env),
        new Monitor(
            intValue(env, "AXON_MONITOR_POLL_MS", 1_000, 50, 60_000),
            intValue(env, "AXON_MONITOR_FAILURES", 2, 1, 100),
            intValue(env, "AXON_MONITOR_RETENTION_MS", 300_000, 1_000, 3_600_000),
            intValue(env, "AXON_MONITOR_HTTP_PORT", 9200, 0, 65_535),
            intValue(env, "AXON_MONITOR_EVALUATION_MS", 1_000, 100, 60_000)),
        presence(env));
  }

  private static Presence presence(Map<String, String> env) {
    Optional<String> id = optional(env, "AXON_GATEWAY_ID");
    if (id.isPresent() && !id.get().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw new ConfigException("AXON_GATEWAY_ID must be 1 to 64 letters, digits, dots, dashes or underscores, not '"
          + id.get() + "'");
    }
    int heartbeat = intValue(env, "AXON_GATEWAY_HEARTBEAT_MS", 1_000, 50, 60_000);
    int stale = intValue(env, "AXON_GATEWAY_STALE_MS", 3_000, 100, 600_000);
    if (stale <= heartbeat) {
      throw new ConfigException("AXON_GATEWAY_STALE_MS (" + stale + ") must be longer than AXON_GATEWAY_HEARTBEAT_MS ("
          + heartbeat + "): a gateway would be counted gone between two of its heartbeats");
    }
    return new Presence(id, heartbeat, stale);
  }

  private static Engine engine(Map<String, String> env) {
    String host = env.getOrDefault("AXON_ENGINE_HOST", "127.0.0.1");
    String environment = env.getOrDefault("AXON_ENGINE_ENVIRONMENT", "development");
    if (!environment.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      throw new ConfigException("AXON_ENGINE_ENVIRONMENT must be an environment id such as development, not '" + environment + "'");
    }
    Optional<String> gateway = optional(env, "AXON_GATEWAY_URL").map(url -> url.replaceAll("/+$", ""));
    if (gateway.isPresent() && !gateway.get().matches("https?://[^/\\s]+(/\\S*)?")) {
      throw new ConfigException("AXON_GATEWAY_URL must be an http(s) URL such as http://127.0.0.1:8080, not '" + gateway.get() + "'");
    }
    return new Engine(environment, optional(env, "AXON_ENGINE_INSTANCE_ID"), host,
        optional(env, "AXON_ENGINE_PUBLIC_HOST").orElse("0.0.0.0".equals(host) ? "127.0.0.1" : host),
        intValue(env, "AXON_ENGINE_PORT", 9101, 0, 65_535),
        intValue(env, "AXON_ENGINES_PER_ENVIRONMENT", 2, 0, 64),
        intValue(env, "AXON_ENGINE_BASE_PORT", 9101, 0, 65_535 - 3 * 64),
        gateway, optional(env, "AXON_ENGINE_TOKEN"));
  }

  /** Checked here so that a bad key stops the start naming the setting, not at the first secret. */
  private static Optional<String> secretsKey(Map<String, String> env) {
    Optional<String> key = optional(env, "AXON_SECRETS_KEY").map(String::trim);
    key.ifPresent(text -> {
      byte[] bytes;
      try {
        bytes = java.util.Base64.getDecoder().decode(text);
      } catch (IllegalArgumentException e) {
        bytes = new byte[0];
      }
      if (bytes.length != 32) {
        throw new ConfigException("AXON_SECRETS_KEY must be the base64 of 32 random bytes (openssl rand -base64 32)");
      }
    });
    return key;
  }

  private static Optional<String> optional(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).filter(value -> !value.isBlank());
  }

  private static String pgUrl(String url) {
    try {
      PgConnectOptions options = PgConnectOptions.fromUri(url);
      if (options.getHost() == null || options.getHost().isBlank() || options.getDatabase() == null
          || options.getDatabase().isBlank()) {
        throw new IllegalArgumentException("no host or no database");
      }
      return url;
    } catch (RuntimeException e) {
      throw new ConfigException("AXON_PG_URL is not a PostgreSQL URL such as " + DEFAULT_PG_URL
          + " (postgresql://user[:password]@host[:port]/database): '" + url.replaceAll("//[^@/]*@", "//***@") + "'");
    }
  }

  private static boolean flag(Map<String, String> env, String name, boolean fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "on", "yes", "1" -> true;
      case "false", "off", "no", "0" -> false;
      default -> throw new ConfigException(name + " must be true or false, not '" + value + "'");
    };
  }

  private static int intValue(Map<String, String> env, String name, int fallback, int min, int max) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    int parsed;
    try {
      parsed = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      parsed = Integer.MIN_VALUE;
    }
    if (parsed < min || parsed > max) {
      throw new ConfigException(name + " must be a whole number from " + min
          + (max == Integer.MAX_VALUE ? " up" : " to " + max) + ", not '" + value + "'");
    }
    return parsed;
  }
}
