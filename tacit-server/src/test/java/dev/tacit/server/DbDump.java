package dev.tacit.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;

/** Plain-JDBC access to the server's database, behind the server's back. */
final class DbDump {
  static final List<String> TABLES =
      List.of(
          "devices",
          "consent_events",
          "deletion_log",
          "privacy_ledger",
          "audit_log",
          "model_versions",
          "rounds",
          "optimizer_state",
          "evaluations",
          "catalogue",
          "device_releases");

  private DbDump() {}

  /** Every row of every table, as text, in key order. */
  static String dump(String url) {
    StringBuilder sb = new StringBuilder();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      for (String table : TABLES) {
        sb.append("## ").append(table).append('\n');
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
          ResultSetMetaData md = rs.getMetaData();
          while (rs.next()) {
            for (int i = 1; i <= md.getColumnCount(); i++) {
              Object v = rs.getObject(i);
              sb.append(v instanceof byte[] b ? HexFormat.of().formatHex(b) : String.valueOf(v))
                  .append('|');
            }
            sb.append('\n');
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return sb.toString();
  }

  /** Runs one statement. */
  static int execute(String url, String sql) {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      return s.executeUpdate(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
