package dev.tacit.server;

import java.nio.file.Path;

/**
 * The audit key attacks on PostgreSQL, in a fresh schema dropped afterwards. Skipped when no server
 * answers at {@code tacit.test.postgres}.
 */
class PostgresAuditKeyTest extends AuditKeyContract {
  private PostgresSchema schema;

  @Override
  String databaseUrl(Path dataDir) {
    schema = PostgresSchema.create("tacit_auditkey", PostgresAuditKeyTest.class);
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
