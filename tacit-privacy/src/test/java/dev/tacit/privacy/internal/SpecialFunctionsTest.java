package dev.tacit.privacy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecialFunctionsTest {

  // Reference values from mpmath 1.3.0 at 30 significant digits: erfc(x), log(erfc(x)).
  @ParameterizedTest
  @CsvSource({
    "-3, 1.9999779095030014, 0.69313613525044681",
    "-1, 1.8427007929497149, 0.61123231767807049",
    "0, 1.0, 0.0",
    "0.3, 0.67137324054087258, -0.39843005144008527",
    "1, 0.15729920705028513, -1.8496055099332482",
    "1.2, 0.089686021770364632, -2.4114403551669296",
    "1.3, 0.065992055059347554, -2.7182209220903845",
    "2, 0.0046777349810472658, -5.3649412646166376",
    "5, 1.5374597944280349e-12, -27.200889545537434",
    "10, 2.0884875837625448e-45, -102.87988902484489",
  })
  void erfc_matchesHighPrecisionReference(double x, double erfc, double logErfc) {
    assertThat(SpecialFunctions.erfc(x)).isCloseTo(erfc, withinPercentage(1e-11));
    if (logErfc == 0) {
      assertThat(SpecialFunctions.logErfc(x)).isZero();
    } else {
      assertThat(SpecialFunctions.logErfc(x)).isCloseTo(logErfc, withinPercentage(1e-12));
    }
  }

  // mpmath: log(erfc(30)) and log(erfc(100)); erfc itself underflows.
  @ParameterizedTest
  @CsvSource({"30, -903.97411711064388", "100, -10005.177585122664"})
  void logErfc_beyondUnderflow_staysAccurate(double x, double logErfc) {
    assertThat(SpecialFunctions.erfc(x)).isZero();
    assertThat(SpecialFunctions.logErfc(x)).isCloseTo(logErfc, withinPercentage(1e-13));
  }

  @Test
  void erfc_isContinuousAcrossTheSeriesAndFractionBoundary() {
    double below = SpecialFunctions.erfc(Math.nextDown(1.25));
    double above = SpecialFunctions.erfc(1.25);
    assertThat(Math.abs(below - above) / above).isLessThan(1e-14);
  }

  @Test
  void normalCdf_ofZeroIsHalf_andSymmetric() {
    assertThat(SpecialFunctions.normalCdf(0)).isEqualTo(0.5);
    assertThat(SpecialFunctions.normalCdf(1.3) + SpecialFunctions.normalCdf(-1.3))
        .isCloseTo(1.0, withinPercentage(1e-13));
    // Φ(-1.959963984540054) = 0.025.
    assertThat(SpecialFunctions.normalCdf(-1.959963984540054))
        .isCloseTo(0.025, withinPercentage(1e-10));
  }

  @Test
  void logAdd_andLogSub_invertEachOther() {
    double a = Math.log(3);
    double b = Math.log(2);
    assertThat(SpecialFunctions.logAdd(a, b)).isCloseTo(Math.log(5), withinPercentage(1e-13));
    assertThat(SpecialFunctions.logSub(a, b))
        .isCloseTo(0.0, org.assertj.core.api.Assertions.within(1e-15));
    assertThat(SpecialFunctions.logAdd(Double.NEGATIVE_INFINITY, b)).isEqualTo(b);
    assertThat(SpecialFunctions.logSub(a, a)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(SpecialFunctions.logAdd(1000, 1000))
        .isCloseTo(1000 + Math.log(2), withinPercentage(1e-13));
  }

  @Test
  void logSub_withSmallerFirstArgument_fails() {
    assertThatThrownBy(() -> SpecialFunctions.logSub(1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a >= b");
  }
}
