package dev.tacit.server;

import java.nio.file.Path;

/** The evaluation release on SQLite. */
class SqliteEvaluationReleaseTest extends EvaluationReleaseContract {
  @Override
  String databaseUrl(Path dataDir) {
    return "jdbc:sqlite:" + dataDir.resolve("tacit.db");
  }
}
