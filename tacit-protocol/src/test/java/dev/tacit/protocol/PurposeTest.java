package dev.tacit.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PurposeTest {
  @Test
  void wireName_isTheLowerCaseName_andReadsBack() {
    for (Purpose p : Purpose.values()) {
      assertThat(p.wireName()).isEqualTo(p.name().toLowerCase(java.util.Locale.ROOT));
      assertThat(Purpose.fromWire(p.wireName())).isSameAs(p);
      assertThat(Json.write(p)).isEqualTo("\"" + p.wireName() + "\"");
    }
  }

  @Test
  void fromWire_unknownName_isRefusedNamingIt() {
    assertThatThrownBy(() -> Purpose.fromWire("TRAINING"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("was \"TRAINING\"");
  }

  @Test
  void everyPurposeButPersonalization_isBudgeted() {
    assertThat(Purpose.PERSONALIZATION.budgeted()).isFalse();
    assertThat(Purpose.TRAINING.budgeted()).isTrue();
    assertThat(Purpose.ANALYTICS.budgeted()).isTrue();
    assertThat(Purpose.EVALUATION.budgeted()).isTrue();
  }
}
