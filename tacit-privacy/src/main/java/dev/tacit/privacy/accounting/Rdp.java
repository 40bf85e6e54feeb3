package dev.tacit.privacy.accounting;

import static dev.tacit.check.Preconditions.checkNotNull;
import static dev.tacit.check.Preconditions.checkOpenUnit;
import static dev.tacit.check.Preconditions.checkPositive;
import static dev.tacit.check.Preconditions.checkRate;

import dev.tacit.privacy.internal.SpecialFunctions;

/**
 * Rényi-DP curves of single mechanisms and their conversion to (ε, δ).
 *
 * <p>The sampled Gaussian follows Mironov, Talwar &amp; Zhang, "Rényi Differential Privacy of the
 * Sampled Gaussian Mechanism" (2019), as implemented in Google's dp_accounting: an exact binomial
 * sum in log space for integer orders and the two-sided erfc series (Section 3.3) for fractional
 * ones.
 */
public final class Rdp {
  private static final double[] DEFAULT_ORDERS = buildDefaultOrders();
  private static final double LOG_HALF = Math.log(0.5);
  private static final double SERIES_CUTOFF = -30;
  private static final int MAX_SERIES_TERMS = 1_000_000;

  private Rdp() {}

  /** The default orders: 1.1 to 10.9 in steps of 0.1, 11 to 63, 128, 256, 512 and 1024. */
  public static double[] defaultOrders() {
    return DEFAULT_ORDERS.clone();
  }

  /**
   * The RDP at order {@code order} of one step of the Poisson-subsampled Gaussian mechanism with
   * sampling rate q and noise multiplier z. For q = 1 it is α/(2z²).
   *
   * @throws IllegalArgumentException if q is not in (0, 1], z is not positive and finite, or the
   *     order is not > 1
   */
  public static double sampledGaussian(double samplingRate, double noiseMultiplier, double order) {
    checkRate(samplingRate, "samplingRate");
    checkPositive(noiseMultiplier, "noiseMultiplier");
    checkOrder(order);
    if (Double.isInfinite(order)) {
      return Double.POSITIVE_INFINITY;
    }
    if (samplingRate == 1.0) {
      return order / (2 * noiseMultiplier * noiseMultiplier);
    }
    double logA =
        order == Math.rint(order) && order < Integer.MAX_VALUE
            ? logAInt(samplingRate, noiseMultiplier, (int) order)
            : logAFrac(samplingRate, noiseMultiplier, order);
    return Math.max(0, logA / (order - 1));
  }

  /**
   * The RDP at order α of the Laplace mechanism with scale b and sensitivity Δ (Mironov 2017,
   * Proposition 6), with λ = b/Δ: (1/(α−1)) ln(α/(2α−1) e^{(α−1)/λ} + (α−1)/(2α−1) e^{−α/λ}).
   *
   * @throws IllegalArgumentException if the scale or sensitivity is not positive and finite, or the
   *     order is not > 1
   */
  public static double laplace(double scale, double sensitivity, double order) {
    checkPositive(scale, "scale");
    checkPositive(sensitivity, "sensitivity");
    checkOrder(order);
    double lambda = scale / sensitivity;
    if (Double.isInfinite(order)) {
      return 1 / lambda;
    }
    double a = order;
    double first = Math.log(a / (2 * a - 1)) + (a - 1) / lambda;
    double second = Math.log((a - 1) / (2 * a - 1)) - a / lambda;
    double rdp = SpecialFunctions.logAdd(first, second) / (a - 1);
    return Math.min(Math.max(0, rdp), 1 / lambda);
  }

  /**
   * An upper bound on the RDP at order α of any ε-DP mechanism: min(ε, α ε²/2).
   *
   * @throws IllegalArgumentException if ε is not positive and finite, or the order is not > 1
   */
  public static double pureDp(double epsilon, double order) {
    checkPositive(epsilon, "epsilon");
    checkOrder(order);
    return Double.isInfinite(order) ? epsilon : Math.min(epsilon, order * epsilon * epsilon / 2);
  }

  /** The RDP curve of {@code event} (all its steps composed) at each of {@code orders}. */
  public static double[] curve(PrivacyEvent event, double[] orders) {
    checkNotNull(event, "event");
    double[] rdp = new double[orders.length];
    if (event instanceof PrivacyEvent.SampledGaussian) {
      PrivacyEvent.SampledGaussian g = (PrivacyEvent.SampledGaussian) event;
      for (int i = 0; i < orders.length; i++) {
        rdp[i] = g.steps() * sampledGaussian(g.samplingRate(), g.noiseMultiplier(), orders[i]);
      }
    } else if (event instanceof PrivacyEvent.Laplace) {
      PrivacyEvent.Laplace l = (PrivacyEvent.Laplace) event;
      for (int i = 0; i < orders.length; i++) {
        rdp[i] = l.count() * laplace(l.scale(), l.sensitivity(), orders[i]);
      }
    } else {
      PrivacyEvent.PureDp p = (PrivacyEvent.PureDp) event;
      for (int i = 0; i < orders.length; i++) {
        rdp[i] = p.count() * pureDp(p.epsilon(), orders[i]);
      }
    }
    return rdp;
  }

  /**
   * The best (ε, δ) guarantee implied by the RDP curve {@code rdp} at {@code orders}.
   *
   * @throws IllegalArgumentException if the arrays differ in length, an order is not > 1, an RDP
   *     value is negative or NaN, or δ is not in (0, 1)
   */
  public static PrivacyGuarantee toGuarantee(
      double[] orders, double[] rdp, double delta, Conversion conversion) {
    checkOpenUnit(delta, "delta");
    checkNotNull(conversion, "conversion");
    if (orders.length != rdp.length || orders.length == 0) {
      throw new IllegalArgumentException(
          "orders and rdp must have the same, non-zero length, were "
              + orders.length
              + " and "
              + rdp.length);
    }
    double logDelta = Math.log(delta);
    double best = Double.POSITIVE_INFINITY;
    double bestOrder = Double.NaN;
    for (int i = 0; i < orders.length; i++) {
      double a = orders[i];
      double r = rdp[i];
      checkOrder(a);
      if (!(r >= 0)) {
        throw new IllegalArgumentException("rdp must be >= 0, was " + r + " at order " + a);
      }
      double eps;
      if (conversion == Conversion.CLASSIC) {
        eps = r - logDelta / (a - 1);
      } else if (delta * delta + Math.expm1(-r) > 0) {
        // δ <= sqrt(1 - exp(-KL)) already (Pinsker-type bound), and RDP(α) >= KL.
        eps = 0;
      } else if (a > 1.01) {
        eps = r + Math.log1p(-1 / a) - (logDelta + Math.log(a)) / (a - 1);
      } else {
        eps = Double.POSITIVE_INFINITY;
      }
      if (eps < best) {
        best = eps;
        bestOrder = a;
      }
    }
    return new PrivacyGuarantee(Math.max(0, best), delta, bestOrder);
  }

  private static void checkOrder(double order) {
    if (!(order > 1)) {
      throw new IllegalArgumentException("order must be > 1, was " + order);
    }
  }

  /** ln A_α for integer α: ln Σ_i C(α,i) q^i (1−q)^{α−i} exp((i²−i)/(2σ²)). */
  private static double logAInt(double q, double sigma, int alpha) {
    double logQ = Math.log(q);
    double log1mQ = Math.log1p(-q);
    double twoSigma2 = 2 * sigma * sigma;
    double logA = Double.NEGATIVE_INFINITY;
    double logBinom = 0;
    for (int i = 0; i <= alpha; i++) {
      double s = logBinom + i * logQ + (alpha - i) * log1mQ + ((double) i * i - i) / twoSigma2;
      logA = SpecialFunctions.logAdd(logA, s);
      logBinom += Math.log((double) (alpha - i) / (i + 1));
    }
    return logA;
  }

  /** ln A_α for fractional α: the two-sided series of Mironov, Talwar &amp; Zhang (2019). */
  private static double logAFrac(double q, double sigma, double alpha) {
    double logQ = Math.log(q);
    double log1mQ = Math.log1p(-q);
    double twoSigma2 = 2 * sigma * sigma;
    double sqrt2Sigma = Math.sqrt(2) * sigma;
    double z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
    double logA0 = Double.NEGATIVE_INFINITY;
    double logA1 = Double.NEGATIVE_INFINITY;
    double logAbsCoef = 0;
    boolean positive = true;
    for (int i = 0; i < MAX_SERIES_TERMS; i++) {
      double j = alpha - i;
      double logT0 = logAbsCoef + i * logQ + j * log1mQ;
      double logT1 = logAbsCoef + j * logQ + i * log1mQ;
      double logE0 = LOG_HALF + SpecialFunctions.logErfc((i - z0) / sqrt2Sigma);
      double logE1 = LOG_HALF + SpecialFunctions.logErfc((z0 - j) / sqrt2Sigma);
      double logS0 = logT0 + ((double) i * i - i) / twoSigma2 + logE0;
      double logS1 = logT1 + (j * j - j) / twoSigma2 + logE1;
      if (positive) {
        logA0 = SpecialFunctions.logAdd(logA0, logS0);
        logA1 = SpecialFunctions.logAdd(logA1, logS1);
      } else {
        logA0 = SpecialFunctions.logSub(logA0, logS0);
        logA1 = SpecialFunctions.logSub(logA1, logS1);
      }
      if (Math.max(logS0, logS1) < SERIES_CUTOFF) {
        break;
      }
      // C(α, i+1) = C(α, i) · (α − i)/(i + 1).
      double ratio = (alpha - i) / (i + 1);
      if (ratio < 0) {
        positive = !positive;
      }
      logAbsCoef += Math.log(Math.abs(ratio));
    }
    return SpecialFunctions.logAdd(logA0, logA1);
  }

  private static double[] buildDefaultOrders() {
    double[] orders = new double[99 + 53 + 4];
    int n = 0;
    for (int x = 1; x < 100; x++) {
      orders[n++] = 1 + x / 10.0;
    }
    for (int a = 11; a < 64; a++) {
      orders[n++] = a;
    }
    orders[n++] = 128;
    orders[n++] = 256;
    orders[n++] = 512;
    orders[n] = 1024;
    return orders;
  }
}
