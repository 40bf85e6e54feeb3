package dev.tacit.server;

import java.nio.file.Path;

/** The API contract on the embedded SQLite database. */
class SqliteServerApiTest extends ServerApiContract {
  @Override
  String databaseUrl(Path dataDir) {
    return "jdbc:sqlite:" + dataDir.resolve("tacit.db").toAbsolutePath();
  }
}
