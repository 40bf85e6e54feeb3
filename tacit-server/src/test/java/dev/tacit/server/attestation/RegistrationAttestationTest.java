package dev.tacit.server.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RegistrationAttestationTest {
  @Test
  void none_acceptsEveryDevice() {
    assertThat(
            RegistrationAttestation.none()
                .verify(new RegistrationAttestation.Evidence(null, "0.1.0"))
                .accepted())
        .isTrue();
    assertThat(RegistrationAttestation.load("none").name()).isEqualTo("none");
  }

  @Test
  void load_findsAnImplementationOnTheClassPathByName() {
    RegistrationAttestation a = RegistrationAttestation.load("test-hmac");
    assertThat(a).isInstanceOf(HmacTestAttestation.class);
    assertThat(
            a.verify(
                    new RegistrationAttestation.Evidence(
                        HmacTestAttestation.evidence("n-1"), "0.1.0"))
                .accepted())
        .isTrue();
  }

  @Test
  void load_ofAnUnknownName_failsListingTheNamesFound() {
    assertThatThrownBy(() -> RegistrationAttestation.load("play-integrity"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "no attestation named \"play-integrity\" on the class path (found: none, test-hmac)");
  }

  @Test
  void evidence_longerThanTheLimit_isRefused_andNeverPrinted() {
    String big = "x".repeat(RegistrationAttestation.MAX_EVIDENCE_CHARS + 1);
    assertThatThrownBy(() -> new RegistrationAttestation.Evidence(big, "0.1.0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most " + RegistrationAttestation.MAX_EVIDENCE_CHARS);
    assertThat(new RegistrationAttestation.Evidence("secret-token", "0.1.0").toString())
        .doesNotContain("secret-token");
  }

  @Test
  void aRefusal_needsAReason() {
    assertThatThrownBy(() -> RegistrationAttestation.Verdict.refuse(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
