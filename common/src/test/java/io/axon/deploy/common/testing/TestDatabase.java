package io.axon.deploy.common.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh database per test class on the PostgreSQL server the tests are pointed at
 * ({@code AXON_TEST_PG_SERVER}, {@code 127.0.0.1:5432} by default), dropped when the class is done.
 */
public final class TestDatabase {
  public static final String SERVER = System.getenv().getOrDefault("AXON_TEST_PG_SERVER", "127.0.0.1:5432");

  private TestDatabase() {
  }

  public static String newName() {
    return "axon_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  /** As {@code AXON_PG_URL} takes it. */
  public static String url(String database) {
    return "postgresql://postgres@" + SERVER + "/" + database;
  }

  public static String jdbcUrl(String database) {
    return "jdbc:postgresql://" + SERVER + "/" + database;
  }

  /** Where a suite on {@code database} keeps its audit key: one installation, one key. */
  public static Path auditKeyFile(String database) {
    return Path.of(System.getProperty("java.io.tmpdir"), "axon-test-keys", database + ".key");
  }

  /** Where a suite on {@code database} keeps the key of its environments' secrets. */
  public static Path secretsKeyFile(String database) {
    return Path.of(System.getProperty("java.io.tmpdir"), "axon-test-keys", database + ".secrets.key");
  }

  public static Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), "postgres", "");
  }

  public static void drop(String database) {
    try (Connection connection = connect("postgres"); Statement sql = connection.createStatement()) {
      sql.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    auditKeyFile(database).toFile().delete();
    secretsKeyFile(database).toFile().delete();
  }
}
