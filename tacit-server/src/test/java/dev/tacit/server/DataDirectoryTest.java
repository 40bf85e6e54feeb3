package dev.tacit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 (Low): the data directory was created 0755 and {@code tacit.db} 0644, readable by every
 * user of the machine. Both are owner-only now (POSIX only).
 */
class DataDirectoryTest {
  @TempDir Path parent;

  @BeforeEach
  void posixOnly() {
    Assumptions.assumeTrue(
        FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
        "file permissions are tested on POSIX file systems only");
  }

  @Test
  void theDataDirectoryIs0700_andTheDatabaseAndItsJournal0600() throws IOException {
    Path data = parent.resolve("a").resolve("tacit-data");
    try (TacitServer server =
        TacitServer.create(ServerConfig.builder().host("127.0.0.1").port(0).dataDir(data).build())
            .start()) {
      server.storage().audit("test.write", "");
      assertThat(permissions(data)).isEqualTo("rwx------");
      assertThat(permissions(data.resolve("tacit.db"))).isEqualTo("rw-------");
      assertThat(permissions(data.resolve("admin-token"))).isEqualTo("rw-------");
      try (var files = Files.list(data)) {
        for (Path f : files.toList()) {
          assertThat(permissions(f)).as(f.getFileName().toString()).isEqualTo("rw-------");
        }
      }
    }
  }

  private static String permissions(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
