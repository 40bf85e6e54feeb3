package dev.tacit.server;

import java.nio.file.Path;

/** The evaluation attacks on SQLite. */
class SqliteEvaluationAttackTest extends EvaluationAttackContract {
  @Override
  String databaseUrl(Path dataDir) {
    return "jdbc:sqlite:" + dataDir.resolve("tacit.db");
  }
}
