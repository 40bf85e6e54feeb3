package dev.tacit.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The end-to-end run on PostgreSQL, in a fresh schema dropped afterwards. Skipped when no server
 * answers at {@code tacit.test.postgres} (default {@code 127.0.0.1:5432}, database {@code test},
 * user {@code postgres}, trust authentication); {@code .ci/run} starts one.
 */
class PostgresEndToEndTest extends EndToEndContract {
  private static final String BASE =
      System.getProperty(
          "tacit.test.postgres", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
  private String schema;

  @Override
  String databaseUrl(Path dataDir) {
    String name =
        "tacit_e2e_"
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
      System.err.println(PostgresEndToEndTest.class.getSimpleName() + ": " + message);
      Assumptions.abort(message);
    }
    schema = name;
    return BASE + "&currentSchema=" + schema;
  }

  @Override
  void dropDatabase() {
    if (schema == null) {
      return;
    }
    try (Connection c = DriverManager.getConnection(BASE);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop schema " + schema, e);
    }
  }
}
