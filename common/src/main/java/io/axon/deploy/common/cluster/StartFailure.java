package io.axon.deploy.common.cluster;

import io.axon.deploy.common.config.AxonConfig;
import io.axon.deploy.common.config.ConfigException;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Map;

/**
 * Turns whatever stopped a start into one line that names the cause and the setting to change, for
 * a person reading a terminal or a service log: {@code port 8080 is in use: set AXON_HTTP_PORT}.
 */
public final class StartFailure {
  /** SQLSTATE classes and codes a PostgreSQL server answers a bad login or missing rights with. */
  private static final Map<String, String> PG_ADVICE = Map.of(
      "28000", "check the user in AXON_PG_URL",
      "28P01", "check the user and password in AXON_PG_URL",
      "3D000", "check the database in AXON_PG_URL",
      "42501", "give the user in AXON_PG_URL the rights it needs (CREATEDB, or create the database first)",
      "53300", "PostgreSQL has no connection left: lower AXON_PG_POOL_SIZE or AXON_INSTANCES, or raise max_connections");

  private StartFailure() {
  }

  /** The one line for {@code failure}; {@code config} is null when the settings themselves failed. */
  public static String describe(Throwable failure, AxonConfig config) {
    if (find(failure, ConfigException.class) instanceof ConfigException bad) {
      return bad.getMessage();
    }
    if (config == null) {
      return "the settings could not be read: " + summary(failure);
    }
    String pg = pgAddress(config);
    if (find(failure, BindException.class) instanceof BindException) {
      return isLocal(config.httpHost())
          ? "port " + config.httpPort() + " is in use" + (config.httpPort() < 1024 ? " or needs privileges" : "")
              + ": set AXON_HTTP_PORT"
          : "AXON_HTTP_HOST " + config.httpHost() + " is not an address of this machine: set AXON_HTTP_HOST";
    }
    if (find(failure, PgException.class) instanceof PgException server) {
      return "PostgreSQL at " + pg + " refused: " + server.getErrorMessage() + ": "
          + PG_ADVICE.getOrDefault(server.getSqlState(), "check AXON_PG_URL");
    }
    if (find(failure, SQLException.class) instanceof SQLException sql && sql.getSQLState() != null) {
      return "PostgreSQL at " + pg + " refused: " + firstLine(sql.getMessage()) + ": "
          + PG_ADVICE.getOrDefault(sql.getSQLState(), "check AXON_PG_URL");
    }
    if (find(failure, UnknownHostException.class) instanceof UnknownHostException unknown) {
      String host = unknown.getMessage();
      return host != null && host.equals(config.httpHost())
          ? "AXON_HTTP_HOST " + host + " is not a known host name: set AXON_HTTP_HOST"
          : "the PostgreSQL host in AXON_PG_URL (" + pg + ") is not a known host name: check AXON_PG_URL";
    }
    if (find(failure, ConnectException.class) instanceof ConnectException) {
      return "PostgreSQL at " + pg + " refused the connection: check AXON_PG_URL and that PostgreSQL runs";
    }
    if (find(failure, io.netty.channel.ConnectTimeoutException.class) != null) {
      return "PostgreSQL at " + pg + " did not answer in time: check AXON_PG_URL and the network";
    }
    return "the start failed: " + summary(failure);
  }

  private static String pgAddress(AxonConfig config) {
    PgConnectOptions options = PgConnectOptions.fromUri(config.pgUrl());
    return options.getHost() + ":" + options.getPort();
  }

  private static boolean isLocal(String host) {
    try {
      InetAddress address = InetAddress.getByName(host);
      return address.isAnyLocalAddress() || address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null;
    } catch (UnknownHostException | SocketException e) {
      return false;
    }
  }

  private static Throwable find(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return t;
      }
    }
    return null;
  }

  private static String summary(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? "" : ": " + firstLine(root.getMessage());
    return root.getClass().getSimpleName() + message;
  }

  private static String firstLine(String text) {
    int end = text.indexOf('\n');
    return (end < 0 ? text : text.substring(0, end)).trim();
  }
}
