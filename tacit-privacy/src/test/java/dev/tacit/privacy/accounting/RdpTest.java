package dev.tacit.privacy.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RdpTest {

  /**
   * q = 0.01, σ = 2.5, 50 steps. Integer orders: dp_accounting's rdp_privacy_accountant_test
   * (test_compute_rdp_sequence); fractional orders: numerical integration of the Rényi divergence.
   */
  @ParameterizedTest
  @CsvSource({
    "5, 2.18075656e-3",
    "50, 2.38460375e-2",
    "100, 167.416308",
    "1.5, 6.500709e-4",
    "2.5, 1.085418e-3"
  })
  void sampledGaussian_matchesReferenceValues(double order, double expected) {
    double rdp = 50 * Rdp.sampledGaussian(0.01, 2.5, order);
    assertThat(rdp).isCloseTo(expected, withinPercentage(1e-3));
  }

  @Test
  void sampledGaussian_withFullSampling_isAlphaOverTwoSigmaSquared() {
    assertThat(Rdp.sampledGaussian(1.0, 2.0, 7.5)).isEqualTo(7.5 / 8);
  }

  @ParameterizedTest
  @CsvSource({
    "0.01, 2.5, 1.5",
    "0.01, 2.5, 2.5",
    "0.01, 2.5, 5",
    "0.1, 1.0, 1.3",
    "0.1, 1.0, 3.7",
    "0.004, 1.1, 8.1",
    "0.5, 4.0, 2.2",
    "0.05, 0.8, 6.0",
    "0.05, 0.8, 6.5"
  })
  void sampledGaussian_matchesNumericalIntegrationOfRenyiDivergence(
      double q, double sigma, double order) {
    double expected = Math.log(integrateA(q, sigma, order)) / (order - 1);
    assertThat(Rdp.sampledGaussian(q, sigma, order)).isCloseTo(expected, withinPercentage(1e-5));
  }

  @Test
  void sampledGaussian_isNonDecreasingInOrder() {
    double previous = 0;
    for (double order : Rdp.defaultOrders()) {
      double rdp = Rdp.sampledGaussian(0.02, 1.3, order);
      assertThat(rdp).isGreaterThanOrEqualTo(previous * (1 - 1e-9));
      previous = rdp;
    }
  }

  @Test
  void defaultOrders_spanTheDocumentedGrid() {
    double[] orders = Rdp.defaultOrders();
    assertThat(orders).hasSize(99 + 53 + 4);
    assertThat(orders[0]).isEqualTo(1.1);
    assertThat(orders[98]).isCloseTo(10.9, withinPercentage(1e-12));
    assertThat(orders[99]).isEqualTo(11);
    assertThat(orders[151]).isEqualTo(63);
    assertThat(orders).endsWith(128, 256, 512, 1024);
  }

  @ParameterizedTest
  @CsvSource({"1.0, 1.0, 2", "2.0, 1.0, 1.5", "0.5, 1.0, 10", "3.0, 1.5, 4.2"})
  void laplace_matchesNumericalIntegrationOfRenyiDivergence(
      double scale, double sensitivity, double order) {
    double expected = Math.log(integrateLaplace(scale, sensitivity, order)) / (order - 1);
    assertThat(Rdp.laplace(scale, sensitivity, order)).isCloseTo(expected, withinPercentage(1e-5));
  }

  @Test
  void laplace_neverExceedsPureEpsilon() {
    for (double order : Rdp.defaultOrders()) {
      assertThat(Rdp.laplace(2, 1, order)).isLessThanOrEqualTo(0.5);
    }
    assertThat(Rdp.laplace(2, 1, Double.POSITIVE_INFINITY)).isEqualTo(0.5);
  }

  @Test
  void sampledGaussian_withOrderAtMostOne_fails() {
    assertThatThrownBy(() -> Rdp.sampledGaussian(0.1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("order must be > 1, was 1.0");
  }

  @Test
  void sampledGaussian_withSamplingRateAboveOne_fails() {
    assertThatThrownBy(() -> Rdp.sampledGaussian(1.5, 1, 2))
        .hasMessage("samplingRate must be in (0, 1], was 1.5");
  }

  /**
   * A_α = E_{z∼N(0,σ²)}[((1−q) + q·exp((2z−1)/(2σ²)))^α], by the trapezoidal rule (exponentially
   * accurate for this smooth, rapidly decaying integrand), as in Mironov, Talwar &amp; Zhang
   * (2019).
   */
  private static double integrateA(double q, double sigma, double alpha) {
    double lo = -40 * sigma;
    double hi = alpha + 40 * sigma;
    int n = 400_000;
    double h = (hi - lo) / n;
    double sum = 0;
    double compensation = 0;
    for (int i = 0; i <= n; i++) {
      double z = lo + i * h;
      double logRatio = Math.log1p(q * Math.expm1((2 * z - 1) / (2 * sigma * sigma)));
      double logDensity = -z * z / (2 * sigma * sigma) - Math.log(sigma * Math.sqrt(2 * Math.PI));
      double f = Math.exp(logDensity + alpha * logRatio) * (i == 0 || i == n ? 0.5 : 1);
      double y = f - compensation;
      double t = sum + y;
      compensation = (t - sum) - y;
      sum = t;
    }
    return sum * h;
  }

  /** ∫ p(x)^α p'(x)^{1−α} dx for Laplace densities centred at 0 and at the sensitivity. */
  private static double integrateLaplace(double b, double delta, double alpha) {
    double[] breaks = {-60 * b, 0, delta, delta + 60 * b};
    double total = 0;
    for (int k = 0; k + 1 < breaks.length; k++) {
      total +=
          simpson(
              x -> Math.exp(alpha * logLaplace(x, 0, b) + (1 - alpha) * logLaplace(x, delta, b)),
              breaks[k],
              breaks[k + 1],
              200_000);
    }
    return total;
  }

  private static double logLaplace(double x, double mu, double b) {
    return -Math.abs(x - mu) / b - Math.log(2 * b);
  }

  private static double simpson(
      java.util.function.DoubleUnaryOperator f, double a, double b, int n) {
    double h = (b - a) / n;
    double sum = f.applyAsDouble(a) + f.applyAsDouble(b);
    for (int i = 1; i < n; i++) {
      sum += f.applyAsDouble(a + i * h) * (i % 2 == 1 ? 4 : 2);
    }
    return sum * h / 3;
  }

  /** The exact RDP of binary randomized response with ε (the worst pair of outputs). */
  private static double randomizedResponse(double epsilon, double order) {
    double lp = epsilon - Math.log1p(Math.exp(epsilon));
    double lq = -Math.log1p(Math.exp(epsilon));
    double x = order * lp + (1 - order) * lq;
    double y = order * lq + (1 - order) * lp;
    double m = Math.max(x, y);
    return (m + Math.log(Math.exp(x - m) + Math.exp(y - m))) / (order - 1);
  }

  @Test
  void pureDpBound_isAboveTheExactRdpOfRandomizedResponse_andAtMostEpsilon() {
    for (double eps : new double[] {0.1, 0.5, 1, 2, 5}) {
      for (double order : new double[] {1.5, 2, 3, 8, 32, 256}) {
        double bound = Rdp.pureDp(eps, order);
        assertThat(bound).isGreaterThanOrEqualTo(randomizedResponse(eps, order) - 1e-12);
        assertThat(bound).isLessThanOrEqualTo(eps);
      }
      assertThat(Rdp.pureDp(eps, Double.POSITIVE_INFINITY)).isEqualTo(eps);
    }
    // At ε = 1 and order 2 the Laplace curve (0.619) is below randomized response (0.735): using
    // it for a local-DP query would under-count; the bound does not.
    assertThat(Rdp.laplace(1, 1, 2)).isLessThan(randomizedResponse(1, 2));
    assertThat(Rdp.pureDp(1, 2)).isGreaterThan(randomizedResponse(1, 2));
  }

  @Test
  void pureDpEvents_composeLinearlyInTheCurve() {
    double[] orders = {2, 4, 16};
    double[] one = Rdp.curve(PrivacyEvent.pureDp(0.5, 1), orders);
    double[] three = Rdp.curve(PrivacyEvent.pureDp(0.5, 3), orders);
    for (int i = 0; i < orders.length; i++) {
      assertThat(three[i]).isCloseTo(3 * one[i], org.assertj.core.api.Assertions.within(1e-12));
    }
  }
}
