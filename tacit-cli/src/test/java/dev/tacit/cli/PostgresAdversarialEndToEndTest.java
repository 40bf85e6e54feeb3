package dev.tacit.cli;

import java.nio.file.Path;

/**
 * The adversarial end-to-end run on PostgreSQL, in a fresh schema dropped afterwards. Skipped when
 * no server answers at {@code tacit.test.postgres}.
 */
class PostgresAdversarialEndToEndTest extends AdversarialEndToEndContract {
  private final PostgresEndToEndTest schema = new PostgresEndToEndTest();

  @Override
  String databaseUrl(Path dataDir) {
    return schema.databaseUrl(dataDir);
  }

  @Override
  void dropDatabase() {
    schema.dropDatabase();
  }
}
