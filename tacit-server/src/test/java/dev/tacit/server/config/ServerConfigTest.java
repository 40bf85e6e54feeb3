package dev.tacit.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tacit.protocol.Purpose;
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

  @Test
  void deviceEpsilon_defaultsToTwiceTheTrainingBudget_atItsDelta() {
    ServerConfig c = ServerConfig.builder().build();
    assertThat(c.deviceEpsilon()).isEqualTo(16.0);
    assertThat(c.deviceBudget().delta()).isEqualTo(1e-6);
    java.util.Map<Purpose, dev.tacit.privacy.budget.PrivacyBudget> b =
        new java.util.EnumMap<>(ServerConfig.defaultBudgets());
    b.put(Purpose.TRAINING, new dev.tacit.privacy.budget.PrivacyBudget(3, 1e-7));
    assertThat(ServerConfig.builder().budgets(b).build().deviceBudget())
        .isEqualTo(new dev.tacit.privacy.participant.ParticipantBudget(6, 1e-7));
    assertThat(
            ServerConfig.builder()
                .deviceEpsilon(Double.POSITIVE_INFINITY)
                .build()
                .deviceBudget()
                .limited())
        .isFalse();
  }

  @Test
  void budgets_withPersonalization_areRefused() {
    java.util.Map<Purpose, dev.tacit.privacy.budget.PrivacyBudget> b =
        new java.util.EnumMap<>(ServerConfig.defaultBudgets());
    b.put(Purpose.PERSONALIZATION, new dev.tacit.privacy.budget.PrivacyBudget(1, 1e-6));
    assertThatThrownBy(() -> ServerConfig.builder().budgets(b).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("budgets must not include personalization");
  }

  @Test
  void deviceEpsilon_notPositive_isRefusedNamingTheValue() {
    assertThatThrownBy(() -> ServerConfig.builder().deviceEpsilon(0).build())
        .hasMessage("deviceEpsilon must be > 0 (or infinite for no limit), was 0.0");
    assertThatThrownBy(() -> ServerConfig.builder().deviceEpsilon(Double.NaN).build())
        .hasMessageContaining("deviceEpsilon must be > 0");
  }
}
