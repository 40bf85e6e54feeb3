package dev.tacit.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh PostgreSQL schema for one test run, dropped afterwards. Skips the test (an assumption,
 * with a message) when no server answers at {@code tacit.test.postgres} (default {@code
 * 127.0.0.1:5432}, database {@code test}, user {@code postgres}, trust authentication).
 */
final class PostgresSchema {
  static final String BASE =
      System.getProperty(
          "tacit.test.postgres", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  private final String name;

  private PostgresSchema(String name) {
    this.name = name;
  }

  /** Creates {@code prefix_<random>}, or skips the calling test. */
  static PostgresSchema create(String prefix, Class<?> test) {
    String name =
        prefix
            + "_"
            + UUID.randomUUID()
                .toString()
                .replace("-", "")
                .substring(0, 12)
                .toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(BASE + "&connectTimeout=3");
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + name);
    } catch (SQLException e) {
      String message =
          "PostgreSQL not reachable at " + BASE + " (" + e.getMessage() + "); skipping";
      System.err.println(test.getSimpleName() + ": " + message);
      Assumptions.abort(message);
    }
    return new PostgresSchema(name);
  }

  /** The JDBC URL of the schema. */
  String url() {
    return BASE + "&currentSchema=" + name;
  }

  /** Drops the schema and everything in it. */
  void drop() {
    try (Connection c = DriverManager.getConnection(BASE);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA " + name + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop schema " + name, e);
    }
  }
}
