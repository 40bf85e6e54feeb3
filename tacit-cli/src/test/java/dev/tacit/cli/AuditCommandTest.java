package dev.tacit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.server.store.Storage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest extends CommandTestSupport {
  @TempDir Path dir;

  @Test
  void verify_reportsAnIntactChain_thenTheRowThatWasTamperedWith() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("tacit.db").toAbsolutePath();
    try (Storage storage = Storage.open(url, Clock.systemUTC())) {
      storage.audit("test.one", "first");
      storage.audit("test.two", "second");
      storage.audit("test.three", "third");
    }
    assertThat(run("audit", "verify", "--data-dir", dir.toString())).as(err.toString()).isZero();
    assertThat(out.toString()).contains("audit log intact").contains("3 rows");

    long seq;
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      var rs = s.executeQuery("SELECT seq FROM audit_log WHERE detail = 'second'");
      rs.next();
      seq = rs.getLong(1);
      s.executeUpdate("UPDATE audit_log SET detail = 'forged' WHERE seq = " + seq);
    }
    assertThat(run("audit", "verify", "--data-dir", dir.toString())).isEqualTo(1);
    assertThat(out.toString()).contains("BROKEN at row " + seq);
  }

  @Test
  void verify_withoutADatabase_isAnArgumentError() {
    assertThat(run("audit", "verify", "--data-dir", dir.resolve("none").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("no server database at");
  }
}
