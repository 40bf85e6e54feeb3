package dev.tacit.server;

import java.nio.file.Path;

/**
 * The operator's controls on PostgreSQL, in a fresh schema per test, dropped afterwards. Skipped
 * when no server answers at {@code tacit.test.postgres}.
 */
class PostgresOperatorControlsTest extends OperatorControlsContract {
  private PostgresSchema schema;

  @Override
  String databaseUrl(Path dataDir) {
    schema = PostgresSchema.create("tacit_operator", PostgresOperatorControlsTest.class);
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
