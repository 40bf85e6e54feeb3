package dev.tacit.server;

import java.nio.file.Path;

/**
 * The co-occurrence model's rounds on PostgreSQL, in a fresh schema dropped afterwards. Skipped
 * when no server answers at {@code tacit.test.postgres}.
 */
class PostgresCooccurrenceRoundsTest extends CooccurrenceRoundsContract {
  private PostgresSchema schema;

  @Override
  String databaseUrl(Path dataDir) {
    schema = PostgresSchema.create("tacit_cooc", PostgresCooccurrenceRoundsTest.class);
    return schema.url();
  }

  @Override
  void dropDatabase() {
    if (schema != null) {
      schema.drop();
      schema = null;
    }
  }
}
