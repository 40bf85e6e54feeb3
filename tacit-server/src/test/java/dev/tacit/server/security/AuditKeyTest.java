package dev.tacit.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditKeyTest {
  @TempDir Path dir;

  @Test
  void loadOrCreate_writesAnOwnerOnlyKeyOnce_andReadsTheSameKeyBack() throws Exception {
    Path file = dir.resolve("audit-key");
    AuditKey created = AuditKey.loadOrCreate(file, new SecureRandom());
    assertThat(created.created()).isTrue();
    assertThat(Files.readString(file).strip()).matches("[0-9a-f]{64}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");

    AuditKey again = AuditKey.loadOrCreate(file, new SecureRandom());

    assertThat(again.created()).isFalse();
    assertThat(again.mac("row")).isEqualTo(created.mac("row"));
    assertThat(AuditKey.generate(new SecureRandom()).mac("row")).isNotEqualTo(created.mac("row"));
  }

  @Test
  void mac_isHmacSha256_ofAKnownVector() {
    // The data and key pattern of RFC 4231 test case 1 ("Hi There", bytes 0x0b), with the
    // 32-byte key an audit key has; the expected value is Python's
    // hmac.new(b'\x0b' * 32, b'Hi There', hashlib.sha256).hexdigest().
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) 0x0b);
    assertThat(AuditKey.of(key).mac("Hi There"))
        .isEqualTo("198a607eb44bfbc69903a0f1cf2bbdc5ba0aa3f3d9ae3c1c7a3b1696a0b68cf7");
  }

  @Test
  void read_refusesAMissingOrMalformedFile_andToStringHidesTheKey() throws Exception {
    assertThatThrownBy(() -> AuditKey.read(dir.resolve("none")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no audit key at");
    Path bad = dir.resolve("bad");
    Files.writeString(bad, "not a key\n");
    assertThatThrownBy(() -> AuditKey.read(bad))
        .hasMessageContaining("must be one line of 64 hex digits");
    Path file = dir.resolve("audit-key");
    AuditKey k = AuditKey.loadOrCreate(file, new SecureRandom());
    assertThat(k.toString()).doesNotContain(Files.readString(file).strip()).contains("hidden");
  }
}
