package dev.tacit.privacy.internal;

/**
 * The complementary error function, the normal distribution function and log-space sums, in double
 * precision (relative error about 1e-15).
 *
 * <p>{@code erfc} uses the everywhere-positive series of {@code erf} (Abramowitz &amp; Stegun
 * 7.1.6) for {@code |x| < 1.25} and the continued fraction of the upper incomplete gamma function
 * {@code Γ(1/2, x²)} (Numerical Recipes §6.2, modified Lentz) above, evaluated in log space so that
 * {@link #logErfc} does not underflow.
 */
public final class SpecialFunctions {
  private static final double LOG_SQRT_PI = 0.5 * Math.log(Math.PI);
  private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
  private static final double SERIES_LIMIT = 1.25;
  private static final double EPS = 1e-17;
  private static final double TINY = 1e-300;

  private SpecialFunctions() {}

  /** The complementary error function {@code erfc(x) = 1 - erf(x)}. */
  public static double erfc(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (Math.abs(x) < SERIES_LIMIT) {
      return 1.0 - erfSeries(x);
    }
    if (x < 0) {
      return 2.0 - Math.exp(logErfcContinuedFraction(-x));
    }
    return Math.exp(logErfcContinuedFraction(x));
  }

  /** {@code ln erfc(x)}, finite for every finite {@code x} for which {@code x*x} is finite. */
  public static double logErfc(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (Math.abs(x) < SERIES_LIMIT) {
      return Math.log1p(-erfSeries(x));
    }
    if (x < 0) {
      return Math.log(2.0 - Math.exp(logErfcContinuedFraction(-x)));
    }
    return logErfcContinuedFraction(x);
  }

  /** The standard normal distribution function Φ(x). */
  public static double normalCdf(double x) {
    return 0.5 * erfc(-x / Math.sqrt(2.0));
  }

  /** {@code ln Φ(x)}. */
  public static double logNormalCdf(double x) {
    return Math.log(0.5) + logErfc(-x / Math.sqrt(2.0));
  }

  /** {@code ln(e^a + e^b)} without overflow. */
  public static double logAdd(double a, double b) {
    double lo = Math.min(a, b);
    double hi = Math.max(a, b);
    if (lo == Double.NEGATIVE_INFINITY) {
      return hi;
    }
    return Math.log1p(Math.exp(lo - hi)) + hi;
  }

  /**
   * {@code ln(e^a - e^b)} for {@code a >= b}.
   *
   * @throws IllegalArgumentException if {@code a < b}
   */
  public static double logSub(double a, double b) {
    if (a < b) {
      throw new IllegalArgumentException("logSub needs a >= b, was a=" + a + ", b=" + b);
    }
    if (b == Double.NEGATIVE_INFINITY) {
      return a;
    }
    if (a == b) {
      return Double.NEGATIVE_INFINITY;
    }
    double d = a - b;
    double e = Math.expm1(d);
    return Double.isInfinite(e) ? a : Math.log(e) + b;
  }

  /** erf(x) = 2/√π e^{-x²} Σ 2^n x^{2n+1} / (2n+1)!!, all terms positive for x > 0. */
  private static double erfSeries(double x) {
    double x2 = x * x;
    double term = x;
    double sum = x;
    for (int n = 1; n < 200; n++) {
      term *= 2.0 * x2 / (2 * n + 1);
      sum += term;
      if (Math.abs(term) <= EPS * Math.abs(sum)) {
        break;
      }
    }
    return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
  }

  /** ln erfc(x) for x >= 1.25 via the continued fraction of Γ(1/2, x²). */
  private static double logErfcContinuedFraction(double x) {
    double x2 = x * x;
    if (Double.isInfinite(x2)) {
      return Double.NEGATIVE_INFINITY;
    }
    double a = 0.5;
    double b = x2 + 1.0 - a;
    double c = 1.0 / TINY;
    double d = 1.0 / b;
    double h = d;
    for (int i = 1; i < 10_000; i++) {
      double an = -i * (i - a);
      b += 2.0;
      d = an * d + b;
      if (Math.abs(d) < TINY) {
        d = TINY;
      }
      c = b + an / c;
      if (Math.abs(c) < TINY) {
        c = TINY;
      }
      d = 1.0 / d;
      double del = d * c;
      h *= del;
      if (Math.abs(del - 1.0) <= 2.3e-16) {
        break;
      }
    }
    // Q(1/2, x²) = e^{-x²} x / Γ(1/2) * h, and erfc(x) = Q(1/2, x²).
    return -x2 + Math.log(x) - LOG_SQRT_PI + Math.log(h);
  }
}
