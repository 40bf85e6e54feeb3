package dev.tacit.server;

import java.nio.file.Path;

/**
 * Federated analytics on PostgreSQL, in a fresh schema dropped afterwards. Skipped when no server
 * answers at {@code tacit.test.postgres} (default {@code 127.0.0.1:5432}, database {@code test},
 * user {@code postgres}, trust authentication).
 */
class PostgresAnalyticsApiTest extends AnalyticsApiContract {
  private PostgresSchema schema;

  @Override
  String databaseUrl(Path dataDir) {
    schema = PostgresSchema.create("tacit_analytics", PostgresAnalyticsApiTest.class);
    return schema.url();
  }

  @Override
  void dropDatabase() {
    if (schema != null) {
      schema.drop();
    }
  }
}
