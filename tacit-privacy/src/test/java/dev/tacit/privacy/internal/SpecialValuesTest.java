package dev.tacit.privacy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The special functions at their special inputs. */
class SpecialValuesTest {

  @Test
  void nanIn_nanOut() {
    assertThat(SpecialFunctions.erfc(Double.NaN)).isNaN();
    assertThat(SpecialFunctions.logErfc(Double.NaN)).isNaN();
  }

  @Test
  void logErfc_ofAnArgumentWhoseSquareOverflows_isMinusInfinity() {
    assertThat(SpecialFunctions.logErfc(1e200)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(SpecialFunctions.erfc(1e200)).isZero();
    assertThat(SpecialFunctions.erfc(-1e200)).isEqualTo(2.0);
  }

  @Test
  void logSub_ofMinusInfinity_isTheFirstArgument() {
    assertThat(SpecialFunctions.logSub(3.0, Double.NEGATIVE_INFINITY)).isEqualTo(3.0);
    assertThat(SpecialFunctions.logSub(3.0, 3.0)).isEqualTo(Double.NEGATIVE_INFINITY);
  }
}
