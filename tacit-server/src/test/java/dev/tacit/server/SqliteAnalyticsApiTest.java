package dev.tacit.server;

import java.nio.file.Path;

/** Federated analytics on the embedded SQLite database. */
class SqliteAnalyticsApiTest extends AnalyticsApiContract {
  @Override
  String databaseUrl(Path dataDir) {
    return "jdbc:sqlite:" + dataDir.resolve("tacit.db").toAbsolutePath();
  }
}
