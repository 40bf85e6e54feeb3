package dev.tacit.server;

import java.nio.file.Path;

/**
 * The evaluation attacks on PostgreSQL, in a fresh schema dropped afterwards. Skipped when no
 * server answers at {@code tacit.test.postgres}.
 */
class PostgresEvaluationAttackTest extends EvaluationAttackContract {
  private PostgresSchema schema;

  @Override
  String databaseUrl(Path dataDir) {
    schema = PostgresSchema.create("tacit_eval", PostgresEvaluationAttackTest.class);
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
