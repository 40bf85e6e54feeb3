package dev.tacit.server;

import java.nio.file.Path;

/** The operator's controls on the embedded SQLite database. */
class SqliteOperatorControlsTest extends OperatorControlsContract {
  @Override
  String databaseUrl(Path dataDir) {
    return "jdbc:sqlite:" + dataDir.resolve("tacit.db").toAbsolutePath();
  }
}
