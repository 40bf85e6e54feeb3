package dev.tacit.server;

import java.nio.file.Path;

/** The round attacks on SQLite. */
class SqliteRoundAttackTest extends RoundAttackContract {
  @Override
  String databaseUrl(Path dataDir) {
    return "jdbc:sqlite:" + dataDir.resolve("tacit.db");
  }
}
