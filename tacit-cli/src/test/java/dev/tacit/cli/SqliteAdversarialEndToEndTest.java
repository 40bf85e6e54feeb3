package dev.tacit.cli;

import java.nio.file.Path;

/** The adversarial end-to-end run on the embedded SQLite default. */
class SqliteAdversarialEndToEndTest extends AdversarialEndToEndContract {
  @Override
  String databaseUrl(Path dataDir) {
    return "jdbc:sqlite:" + dataDir.resolve("tacit.db");
  }
}
