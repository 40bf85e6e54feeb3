package dev.tacit.server;

import java.nio.file.Path;

/**
 * The evaluation release on PostgreSQL, in a fresh schema dropped afterwards. Skipped when no
 * server answers at {@code tacit.test.postgres}.
 */
class PostgresEvaluationReleaseTest extends EvaluationReleaseContract {
  private PostgresSchema schema;

  @Override
  String databaseUrl(Path dataDir) {
    schema = PostgresSchema.create("tacit_evrel", PostgresEvaluationReleaseTest.class);
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
