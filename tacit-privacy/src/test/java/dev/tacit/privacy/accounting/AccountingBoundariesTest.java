package dev.tacit.privacy.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The guarantee's and the accountant's input checks at their boundaries. */
class AccountingBoundariesTest {

  @Test
  void privacyGuarantee_acceptsZeroEpsilonAndDelta_refusesNegativeOrDeltaOne() {
    assertThat(new PrivacyGuarantee(0, 0, 2).epsilon()).isZero();
    assertThatThrownBy(() -> new PrivacyGuarantee(-1e-9, 0.1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("epsilon must be >= 0, was -1.0E-9");
    assertThatThrownBy(() -> new PrivacyGuarantee(1, 1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("delta must be in [0, 1), was 1.0");
    assertThatThrownBy(() -> new PrivacyGuarantee(1, -1e-9, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rdpAccountant_refusesAnOrderOfOne_andKeepsItsConversion() {
    assertThatThrownBy(() -> RdpAccountant.create(new double[] {2, 1.0}, Conversion.CLASSIC))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("every order must be > 1, was 1.0");
    assertThatThrownBy(() -> RdpAccountant.create(new double[0], Conversion.CLASSIC))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("orders must not be empty");
    RdpAccountant accountant = RdpAccountant.create(new double[] {1.5, 2}, Conversion.CLASSIC);
    assertThat(accountant.conversion()).isEqualTo(Conversion.CLASSIC);
    assertThat(Accountant.rdp().conversion()).isEqualTo(Conversion.IMPROVED);
    accountant.compose(PrivacyEvent.pureDp(0.1, 1));
    assertThat(accountant.toString())
        .startsWith("RdpAccountant[2 orders, CLASSIC, rdp=[")
        .contains("0.0075")
        .contains("0.01");
  }
}
