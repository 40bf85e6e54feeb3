package dev.tacit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

  @Test
  void builder_withSettingGivenTwice_isRefused() {
    ServerConfig.Builder b = ServerConfig.builder().port(1);
    assertThatThrownBy(() -> b.port(2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("port");
  }

  @Test
  void defaults_areEmbeddedSqliteInTacitData() {
    ServerConfig c = ServerConfig.builder().build();
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.effectiveDatabaseUrl())
        .isEqualTo("jdbc:sqlite:" + Path.of("tacit-data", "tacit.db").toAbsolutePath());
  }

  @Test
  void toString_hidesDatabaseAndKeystorePasswords() {
    ServerConfig c =
        ServerConfig.builder()
            .databaseUrl("jdbc:postgresql://db/tacit?user=t&password=hunter2hunter2")
            .tls(ServerConfig.TlsConfig.keystore(Path.of("k.p12"), "s3cret-keystore-pw"))
            .build();
    assertThat(c.toString())
        .doesNotContain("hunter2")
        .doesNotContain("s3cret")
        .contains("password=***");
  }

  @Test
  void port_outOfRange_isRefusedNamingTheValue() {
    assertThatThrownBy(() -> ServerConfig.builder().port(70000).build())
        .hasMessage("port must be in [0, 65535], was 70000");
  }
}
