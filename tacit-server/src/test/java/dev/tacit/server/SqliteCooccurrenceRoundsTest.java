package dev.tacit.server;

import java.nio.file.Path;

/** The co-occurrence model's rounds on SQLite. */
class SqliteCooccurrenceRoundsTest extends CooccurrenceRoundsContract {
  @Override
  String databaseUrl(Path dataDir) {
    return "jdbc:sqlite:" + dataDir.resolve("tacit.db");
  }
}
