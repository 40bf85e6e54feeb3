package dev.tacit.server;

import java.nio.file.Path;

/** The HTTP defences on SQLite. */
class SqliteHttpDefenceTest extends HttpDefenceContract {
  @Override
  String databaseUrl(Path dataDir) {
    return "jdbc:sqlite:" + dataDir.resolve("tacit.db");
  }
}
