package dev.tacit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.server.security.AuditKey;
import dev.tacit.server.store.Storage;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest extends CommandTestSupport {
  @TempDir Path dir;

  private String database() {
    String url = "jdbc:sqlite:" + dir.resolve("tacit.db").toAbsolutePath();
    AuditKey key = AuditKey.loadOrCreate(dir.resolve("audit-key"), new SecureRandom());
    try (Storage storage = Storage.open(url, Clock.systemUTC(), key)) {
      storage.audit("test.one", "first");
      storage.audit("test.two", "second");
      storage.audit("test.three", "third");
    }
    return url;
  }

  @Test
  void verify_reportsAnIntactChain_thenTheRowThatWasTamperedWith() throws Exception {
    String url = database();
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
  void verify_withAnotherKey_isBroken_andWithoutAKeyFile_isAnArgumentError() throws Exception {
    database();
    Path other = dir.resolve("other-key");
    AuditKey.loadOrCreate(other, new SecureRandom());
    assertThat(run("audit", "verify", "--data-dir", dir.toString(), "--key-file", other.toString()))
        .isEqualTo(1);
    assertThat(out.toString()).contains("BROKEN at row 1");
    assertThat(
            run(
                "audit",
                "verify",
                "--data-dir",
                dir.toString(),
                "--key-file",
                dir.resolve("none").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("no audit key at").contains("its key is needed");
  }

  @Test
  void head_printsTheNewestRow_andVerifyChecksItAsAnAnchor() throws Exception {
    String url = database();
    assertThat(run("audit", "head", "--data-dir", dir.toString())).as(err.toString()).isZero();
    String anchor = out.toString().trim().split(" ")[0];
    assertThat(anchor).matches("3:[0-9a-f]{64}");
    assertThat(run("audit", "verify", "--data-dir", dir.toString(), "--anchor", anchor)).isZero();

    // Someone holding the key rewrites the log: the chain verifies, the anchor does not.
    AuditKey key = AuditKey.read(dir.resolve("audit-key"));
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM audit_log");
    }
    try (Storage storage = Storage.open(url, Clock.systemUTC(), key)) {
      storage.audit("test.one", "rewritten");
      storage.audit("test.two", "rewritten");
      storage.audit("test.three", "rewritten");
    }
    assertThat(run("audit", "verify", "--data-dir", dir.toString())).isZero();
    assertThat(run("audit", "verify", "--data-dir", dir.toString(), "--anchor", anchor))
        .isEqualTo(1);
    assertThat(out.toString()).contains("does not have the anchored hash");
    assertThat(run("audit", "verify", "--data-dir", dir.toString(), "--anchor", "3:xyz"))
        .isEqualTo(2);
  }

  @Test
  void verify_withoutADatabase_isAnArgumentError() {
    assertThat(run("audit", "verify", "--data-dir", dir.resolve("none").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("no server database at");
  }
}
