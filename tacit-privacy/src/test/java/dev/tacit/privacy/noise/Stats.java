package dev.tacit.privacy.noise;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/** Test statistics for the statistical suite. */
final class Stats {
  /** Two-sided normal quantile with tail probability about 4e-8. */
  static final double Z = 5.5;

  /** Kolmogorov–Smirnov bound on sqrt(n)·D with tail probability 2e^{-18} ≈ 3e-8. */
  static final double KS = 3.0;

  private Stats() {}

  static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  static double centralMoment(double[] x, double mean, int k) {
    double s = 0;
    for (double v : x) {
      s += Math.pow(v - mean, k);
    }
    return s / x.length;
  }

  /** sqrt(n) times the Kolmogorov–Smirnov distance of {@code x} to the continuous CDF {@code f}. */
  static double ksContinuous(double[] x, DoubleUnaryOperator f) {
    double[] s = x.clone();
    Arrays.sort(s);
    int n = s.length;
    double d = 0;
    for (int i = 0; i < n; i++) {
      double fi = f.applyAsDouble(s[i]);
      d = Math.max(d, Math.max((i + 1.0) / n - fi, fi - (double) i / n));
    }
    return Math.sqrt(n) * d;
  }

  /** sqrt(n) times the KS distance of integer samples to the CDF of {@code pmf} on [-m, m]. */
  static double ksDiscrete(long[] x, double[] pmf, int m) {
    long[] counts = new long[2 * m + 1];
    for (long v : x) {
      if (v < -m || v > m) {
        throw new AssertionError("sample " + v + " outside [-" + m + ", " + m + "]");
      }
      counts[(int) (v + m)]++;
    }
    double empirical = 0;
    double cdf = 0;
    double d = 0;
    for (int i = 0; i < counts.length; i++) {
      empirical += (double) counts[i] / x.length;
      cdf += pmf[i];
      d = Math.max(d, Math.abs(empirical - cdf));
    }
    return Math.sqrt(x.length) * d;
  }

  /** The normalized pmf on [-m, m] of weights exp(logWeight(k)). */
  static double[] pmf(int m, java.util.function.IntToDoubleFunction logWeight) {
    double[] p = new double[2 * m + 1];
    double z = 0;
    for (int k = -m; k <= m; k++) {
      p[k + m] = Math.exp(logWeight.applyAsDouble(k));
      z += p[k + m];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= z;
    }
    return p;
  }

  static double normalCdf(double x) {
    return dev.tacit.privacy.internal.SpecialFunctions.normalCdf(x);
  }
}
