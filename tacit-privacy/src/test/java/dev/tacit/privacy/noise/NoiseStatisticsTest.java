package dev.tacit.privacy.noise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.privacy.accounting.Accountant;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.random.RandomSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The statistical suite of the noise mechanisms, on the real secure sampler: moments and
 * distributions within confidence bounds, and distinguishing tests on neighbouring inputs 0 and 1
 * (sensitivity 1). Every bound is at about 4e-8 false-failure probability per comparison.
 */
@Tag("slow")
class NoiseStatisticsTest {
  private static final int N = 1_000_000;

  private static double[] samples(NoiseMechanism m, double input) {
    double[] x = new double[N];
    for (int i = 0; i < N; i++) {
      x[i] = m.addNoise(input);
    }
    return x;
  }

  private static long[] samples(IntegerNoiseMechanism m, long input) {
    long[] x = new long[N];
    for (int i = 0; i < N; i++) {
      x[i] = m.addNoise(input);
    }
    return x;
  }

  @Test
  void gaussian_momentsAndDistributionMatchNormal() {
    double sigma = 2.0;
    double[] x = samples(NoiseMechanism.gaussian(sigma, RandomSource.secure()), 0.0);
    double mean = Stats.mean(x);
    double var = Stats.centralMoment(x, mean, 2);
    double kurtosis = Stats.centralMoment(x, mean, 4) / (var * var);
    assertThat(Math.abs(mean)).isLessThan(Stats.Z * sigma / Math.sqrt(N));
    // Var(s²) = 2σ⁴/n for a normal sample; Var(kurtosis) ≈ 24/n.
    assertThat(Math.abs(var - sigma * sigma))
        .isLessThan(Stats.Z * sigma * sigma * Math.sqrt(2.0 / N));
    assertThat(Math.abs(kurtosis - 3)).isLessThan(Stats.Z * Math.sqrt(24.0 / N));
    assertThat(Stats.ksContinuous(x, v -> Stats.normalCdf(v / sigma))).isLessThan(Stats.KS);
  }

  @Test
  void laplace_momentsAndDistributionMatchLaplace() {
    double b = 1.5;
    double[] x = samples(NoiseMechanism.laplace(b, RandomSource.secure()), 0.0);
    double mean = Stats.mean(x);
    double var = Stats.centralMoment(x, mean, 2);
    assertThat(Math.abs(mean)).isLessThan(Stats.Z * Math.sqrt(2 * b * b / N));
    // μ4 = 24b⁴ and σ² = 2b², so Var(s²) = 20b⁴/n.
    assertThat(Math.abs(var - 2 * b * b)).isLessThan(Stats.Z * Math.sqrt(20 * Math.pow(b, 4) / N));
    assertThat(
            Stats.ksContinuous(x, v -> v < 0 ? 0.5 * Math.exp(v / b) : 1 - 0.5 * Math.exp(-v / b)))
        .isLessThan(Stats.KS);
  }

  @Test
  void discreteGaussian_matchesExactPmf() {
    double sigma = 2.5;
    int m = 60;
    double[] pmf = Stats.pmf(m, k -> -(double) k * k / (2 * sigma * sigma));
    long[] x = samples(IntegerNoiseMechanism.discreteGaussian(sigma, RandomSource.secure()), 0L);
    checkIntegerMoments(x, pmf, m);
    assertThat(Stats.ksDiscrete(x, pmf, m)).isLessThan(Stats.KS);
  }

  @Test
  void discreteLaplace_matchesExactPmf() {
    double t = 2.5;
    int m = 120;
    double[] pmf = Stats.pmf(m, k -> -Math.abs(k) / t);
    long[] x = samples(IntegerNoiseMechanism.discreteLaplace(t, RandomSource.secure()), 0L);
    checkIntegerMoments(x, pmf, m);
    assertThat(Stats.ksDiscrete(x, pmf, m)).isLessThan(Stats.KS);
  }

  private static void checkIntegerMoments(long[] x, double[] pmf, int m) {
    double var = 0;
    double mu4 = 0;
    for (int k = -m; k <= m; k++) {
      var += pmf[k + m] * k * k;
      mu4 += pmf[k + m] * Math.pow(k, 4);
    }
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = x[i];
    }
    double mean = Stats.mean(d);
    assertThat(Math.abs(mean)).isLessThan(Stats.Z * Math.sqrt(var / N));
    double sampleVar = Stats.centralMoment(d, mean, 2);
    assertThat(Math.abs(sampleVar - var)).isLessThan(Stats.Z * Math.sqrt((mu4 - var * var) / N));
  }

  /**
   * Laplace with b = 1/ε: for every threshold beyond the inputs, P(M(1) ≥ t)/P(M(0) ≥ t) = e^ε
   * exactly, so the empirical privacy loss of each threshold test must equal ε within sampling
   * error, and in particular not exceed it.
   */
  @Test
  void laplace_distinguishingTest_empiricalLossIsEpsilon() {
    double epsilon = 1.0;
    NoiseMechanism m = NoiseMechanism.laplace(1 / epsilon, RandomSource.secure());
    double[] x0 = samples(m, 0.0);
    double[] x1 = samples(m, 1.0);
    for (double t : new double[] {1, 2, 3, 4}) {
      checkLogRatio(fractionAtLeast(x1, t), fractionAtLeast(x0, t), epsilon);
      checkLogRatio(fractionAtMost(x0, 1 - t), fractionAtMost(x1, 1 - t), epsilon);
    }
  }

  @Test
  void discreteLaplace_distinguishingTest_empiricalLossIsOneOverScale() {
    double t = 2.0;
    IntegerNoiseMechanism m = IntegerNoiseMechanism.discreteLaplace(t, RandomSource.secure());
    double[] x0 = toDouble(samples(m, 0L));
    double[] x1 = toDouble(samples(m, 1L));
    for (int k : new int[] {1, 3, 6, 9}) {
      checkLogRatio(fractionAtLeast(x1, k), fractionAtLeast(x0, k), 1 / t);
    }
  }

  /**
   * The analytic Gaussian is tight: at ε = 1 and δ = 0.01, P(M(1) > t) − e^ε P(M(0) > t) reaches δ
   * at t* = σ²ε + 1/2 and stays below it elsewhere. The empirical δ of every threshold test must
   * match its exact value, and so stay within δ.
   */
  @Test
  void gaussian_distinguishingTest_empiricalDeltaWithinAnalyticBound() {
    double epsilon = 1.0;
    double delta = 0.01;
    double sigma = AnalyticGaussian.sigma(epsilon, delta, 1.0);
    NoiseMechanism m = NoiseMechanism.gaussian(sigma, RandomSource.secure());
    double[] x0 = samples(m, 0.0);
    double[] x1 = samples(m, 1.0);
    double tStar = sigma * sigma * epsilon + 0.5;
    double worst = Double.NEGATIVE_INFINITY;
    for (double t : new double[] {tStar - sigma, tStar - sigma / 2, tStar, tStar + sigma / 2}) {
      double p1 = fractionAtLeast(x1, t);
      double p0 = fractionAtLeast(x0, t);
      double empirical = p1 - Math.exp(epsilon) * p0;
      double exact =
          Stats.normalCdf((1 - t) / sigma) - Math.exp(epsilon) * Stats.normalCdf(-t / sigma);
      double sd = Math.sqrt((p1 * (1 - p1) + Math.exp(2 * epsilon) * p0 * (1 - p0)) / N);
      assertThat(Math.abs(empirical - exact)).isLessThan(Stats.Z * sd);
      assertThat(empirical).isLessThan(delta + Stats.Z * sd);
      worst = Math.max(worst, exact);
    }
    assertThat(worst).isCloseTo(delta, org.assertj.core.api.Assertions.withinPercentage(1e-3));
  }

  /**
   * The discrete Gaussian with σ = 2: the accountant's ε at δ = 1e-3 (RDP α/(2σ²), as for the
   * continuous Gaussian) must bound the empirical privacy loss, and the empirical δ of the optimal
   * test must match the exact δ computed from the pmf.
   */
  @Test
  void discreteGaussian_distinguishingTest_staysWithinAccountantEpsilon() {
    double sigma = 2.0;
    double delta = 1e-3;
    double epsilon =
        Accountant.rdp().compose(PrivacyEvent.gaussian(sigma, 1)).guarantee(delta).epsilon();
    int m = 60;
    double[] pmf = Stats.pmf(m, k -> -(double) k * k / (2 * sigma * sigma));
    // The optimal test S = {k : P1(k) > e^ε P0(k)}, with P1(k) = pmf(k − 1), chosen from the pmf.
    double exact = 0;
    int threshold = Integer.MAX_VALUE;
    for (int k = -m + 1; k <= m; k++) {
      double gap = pmf[k - 1 + m] - Math.exp(epsilon) * pmf[k + m];
      if (gap > 0) {
        exact += gap;
        threshold = Math.min(threshold, k);
      }
    }
    IntegerNoiseMechanism mech =
        IntegerNoiseMechanism.discreteGaussian(sigma, RandomSource.secure());
    double[] x0 = toDouble(samples(mech, 0L));
    double[] x1 = toDouble(samples(mech, 1L));
    double p1 = fractionAtLeast(x1, threshold);
    double p0 = fractionAtLeast(x0, threshold);
    double empirical = p1 - Math.exp(epsilon) * p0;
    double sd = Math.sqrt((p1 * (1 - p1) + Math.exp(2 * epsilon) * p0 * (1 - p0)) / N);
    assertThat(exact).isLessThanOrEqualTo(delta);
    assertThat(Math.abs(empirical - exact)).isLessThan(Stats.Z * sd);
    assertThat(empirical).isLessThan(delta + Stats.Z * sd);
  }

  private static void checkLogRatio(double pHigh, double pLow, double epsilon) {
    double loss = Math.log(pHigh / pLow);
    double sd = Math.sqrt((1 - pHigh) / (N * pHigh) + (1 - pLow) / (N * pLow));
    assertThat(Math.abs(loss - epsilon))
        .as("empirical loss %s vs %s", loss, epsilon)
        .isLessThan(Stats.Z * sd);
    assertThat(loss - Stats.Z * sd).isLessThanOrEqualTo(epsilon);
  }

  private static double fractionAtLeast(double[] x, double t) {
    long c = 0;
    for (double v : x) {
      if (v >= t) {
        c++;
      }
    }
    return (double) c / x.length;
  }

  private static double fractionAtMost(double[] x, double t) {
    long c = 0;
    for (double v : x) {
      if (v <= t) {
        c++;
      }
    }
    return (double) c / x.length;
  }

  private static double[] toDouble(long[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = x[i];
    }
    return d;
  }
}
