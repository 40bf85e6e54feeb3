package dev.tacit.server.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tacit.privacy.accounting.Accountant;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.protocol.Purpose;
import dev.tacit.server.config.ServerConfig;
import org.junit.jupiter.api.Test;

class EvaluationSettingsTest {
  @Test
  void defaults_fitThirtyReleasesInTheDefaultEvaluationBudget_notThirtyOne() {
    EvaluationSettings s = EvaluationSettings.defaults();
    var budget = ServerConfig.defaultBudgets().get(Purpose.EVALUATION);
    Accountant a = Accountant.rdp();
    for (int i = 0; i < 30; i++) {
      a.compose(PrivacyEvent.gaussian(s.noiseMultiplier(), 1));
    }
    assertThat(a.guarantee(budget.delta()).epsilon()).isLessThanOrEqualTo(budget.epsilon());
    a.compose(PrivacyEvent.gaussian(s.noiseMultiplier(), 1));
    assertThat(a.guarantee(budget.delta()).epsilon()).isGreaterThan(budget.epsilon());
    assertThat(s.sigma() / s.minReports()).isCloseTo(0.0198, within(5e-5));
  }

  @Test
  void sigma_isTheNoiseMultiplierTimesTheSensitivitySqrtTwo() {
    assertThat(new EvaluationSettings(10, 3).sigma()).isCloseTo(3 * Math.sqrt(2), within(1e-15));
  }

  @Test
  void invalidSettings_areRefusedNamingTheValue() {
    assertThatThrownBy(() -> new EvaluationSettings(0, 1))
        .hasMessage("minReports must be >= 1, was 0");
    assertThatThrownBy(() -> new EvaluationSettings(1, Double.NaN))
        .hasMessage("noiseMultiplier must be > 0 and finite, was NaN");
  }
}
