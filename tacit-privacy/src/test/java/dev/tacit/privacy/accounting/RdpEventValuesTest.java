package dev.tacit.privacy.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The accountant's value for each kind of event, against formulas evaluated here independently (not
 * through {@link Rdp}), and the order checks the Javadoc promises.
 */
class RdpEventValuesTest {
  private static final double[] ORDERS = {1.5, 2, 3, 8, 32, 256};

  /** RDP(α) of one ε-DP run: min(ε, α ε²/2). */
  private static double pureDpBound(double epsilon, double order) {
    return Math.min(epsilon, order * epsilon * epsilon / 2);
  }

  @Test
  void pureDp_isTheSmallerOfEpsilonAndAlphaEpsilonSquaredOverTwo() {
    // ε = 0.1 at α = 2: α ε²/2 = 0.01 < ε.
    assertThat(Rdp.pureDp(0.1, 2)).isCloseTo(0.01, within(1e-15));
    // ε = 1 at α = 8: α ε²/2 = 4 > ε, so ε.
    assertThat(Rdp.pureDp(1, 8)).isEqualTo(1.0);
    assertThat(Rdp.pureDp(0.5, Double.POSITIVE_INFINITY)).isEqualTo(0.5);
  }

  @Test
  void curve_ofPureDpEvents_isCountTimesTheBound_atEveryOrder() {
    double[] curve = Rdp.curve(PrivacyEvent.pureDp(0.2, 3), ORDERS);

    for (int i = 0; i < ORDERS.length; i++) {
      assertThat(curve[i]).isCloseTo(3 * pureDpBound(0.2, ORDERS[i]), within(1e-12));
      assertThat(curve[i]).isPositive();
    }
  }

  @Test
  void curve_ofLaplaceEvents_isCountTimesMironovsFormula_atEveryOrder() {
    double scale = 2;
    double sensitivity = 1;
    double lambda = scale / sensitivity;
    double[] curve = Rdp.curve(PrivacyEvent.laplace(scale, sensitivity, 4), ORDERS);

    for (int i = 0; i < ORDERS.length; i++) {
      double a = ORDERS[i];
      double one =
          Math.log(
                  a / (2 * a - 1) * Math.exp((a - 1) / lambda)
                      + (a - 1) / (2 * a - 1) * Math.exp(-a / lambda))
              / (a - 1);
      assertThat(curve[i]).isCloseTo(4 * Math.min(one, 1 / lambda), within(1e-9));
    }
  }

  @Test
  void curve_ofFullySampledGaussianEvents_isStepsTimesAlphaOverTwoZSquared() {
    double[] curve = Rdp.curve(PrivacyEvent.gaussian(1.5, 5), ORDERS);

    for (int i = 0; i < ORDERS.length; i++) {
      assertThat(curve[i]).isCloseTo(5 * ORDERS[i] / (2 * 1.5 * 1.5), within(1e-12));
    }
  }

  @Test
  void accountant_ofPureDpEvents_reportsTheClassicConversionComputedHere() {
    double epsilon = 0.05;
    int count = 40;
    double delta = 1e-6;
    RdpAccountant accountant = RdpAccountant.create(ORDERS, Conversion.CLASSIC);
    for (int i = 0; i < count / 4; i++) {
      accountant.compose(PrivacyEvent.pureDp(epsilon, 4));
    }

    double best = Double.POSITIVE_INFINITY;
    for (double a : ORDERS) {
      best = Math.min(best, count * pureDpBound(epsilon, a) - Math.log(delta) / (a - 1));
    }
    assertThat(accountant.guarantee(delta).epsilon()).isCloseTo(best, within(1e-9));
    // Composing 40 runs costs more than one run, and at most 40 ε (basic composition).
    assertThat(best).isGreaterThan(0).isLessThan(count * epsilon + 1e-12 - Math.log(delta));
  }

  @Test
  void accountant_ofLaplaceEvents_reportsTheImprovedConversionComputedHere() {
    double delta = 1e-5;
    RdpAccountant accountant = RdpAccountant.create(ORDERS, Conversion.IMPROVED);
    accountant.compose(PrivacyEvent.laplace(4, 1, 10));

    double best = Double.POSITIVE_INFINITY;
    for (double a : ORDERS) {
      double lambda = 4;
      double one =
          Math.log(
                  a / (2 * a - 1) * Math.exp((a - 1) / lambda)
                      + (a - 1) / (2 * a - 1) * Math.exp(-a / lambda))
              / (a - 1);
      double r = 10 * one;
      double eps =
          delta * delta + Math.expm1(-r) > 0
              ? 0
              : r + Math.log1p(-1 / a) - (Math.log(delta) + Math.log(a)) / (a - 1);
      best = Math.min(best, eps);
    }
    assertThat(accountant.guarantee(delta).epsilon()).isCloseTo(best, within(1e-9));
  }

  @ParameterizedTest
  @ValueSource(doubles = {1.0, 0.5, 0.0, -2.0, Double.NaN})
  void everyEntryPoint_refusesAnOrderNotAboveOne(double order) {
    String message = "order must be > 1, was " + order;
    assertThatThrownBy(() -> Rdp.pureDp(1, order)).hasMessage(message);
    assertThatThrownBy(() -> Rdp.laplace(1, 1, order)).hasMessage(message);
    assertThatThrownBy(() -> Rdp.sampledGaussian(0.1, 1, order)).hasMessage(message);
    assertThatThrownBy(
            () ->
                Rdp.toGuarantee(
                    new double[] {2, order}, new double[] {0.1, 0.0}, 1e-5, Conversion.CLASSIC))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
    assertThatThrownBy(
            () ->
                Rdp.toGuarantee(
                    new double[] {order}, new double[] {0.0}, 1e-5, Conversion.IMPROVED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void sampledGaussian_atTheInfiniteOrder_isInfinite() {
    assertThat(Rdp.sampledGaussian(0.1, 1, Double.POSITIVE_INFINITY))
        .isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(Rdp.laplace(2, 1, Double.POSITIVE_INFINITY)).isEqualTo(0.5);
  }
}
