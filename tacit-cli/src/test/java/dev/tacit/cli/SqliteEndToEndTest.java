package dev.tacit.cli;

import java.nio.file.Path;

/** The end-to-end run on the embedded SQLite default. */
class SqliteEndToEndTest extends EndToEndContract {
  @Override
  String databaseUrl(Path dataDir) {
    return "jdbc:sqlite:" + dataDir.resolve("tacit.db");
  }
}
