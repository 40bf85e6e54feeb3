package dev.tacit.server;

import java.nio.file.Path;

/** The audit key attacks on SQLite. */
class SqliteAuditKeyTest extends AuditKeyContract {
  @Override
  String databaseUrl(Path dataDir) {
    return "jdbc:sqlite:" + dataDir.resolve("tacit.db");
  }
}
