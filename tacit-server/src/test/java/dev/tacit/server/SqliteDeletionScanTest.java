package dev.tacit.server;

import java.nio.file.Path;

/** The deletion scan on SQLite. */
class SqliteDeletionScanTest extends DeletionScanContract {
  @Override
  String databaseUrl(Path dataDir) {
    return "jdbc:sqlite:" + dataDir.resolve("tacit.db");
  }
}
