package dev.tacit.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** Plain-JDBC access to the server's database, behind the server's back. */
final class DbDump {
  private DbDump() {}

  /**
   * The server's tables, read from the database's metadata (so a table added later is included),
   * without Flyway's schema history; sorted by name.
   */
  static List<String> tables(String url) {
    try (Connection c = DriverManager.getConnection(url)) {
      return tables(c);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> tables(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs =
        c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        String name = rs.getString("TABLE_NAME");
        if (!name.toLowerCase(Locale.ROOT).startsWith("flyway_")
            && !name.toLowerCase(Locale.ROOT).startsWith("sqlite_")) {
          out.add(name);
        }
      }
    }
    Collections.sort(out);
    if (out.isEmpty()) {
      throw new IllegalStateException("the database metadata lists no table");
    }
    return out;
  }

  /** Every row of every table, as text, in the order of all its columns. */
  static String dump(String url) {
    StringBuilder sb = new StringBuilder();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      for (String table : tables(c)) {
        sb.append("## ").append(table).append('\n');
        int columns;
        try (ResultSet empty = s.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
          columns = empty.getMetaData().getColumnCount();
        }
        StringBuilder order = new StringBuilder(" ORDER BY 1");
        for (int i = 2; i <= columns; i++) {
          order.append(", ").append(i);
        }
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + table + order)) {
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
