package dev.tacit.federated.server;

import dev.tacit.federated.RoundPlan;

/**
 * The check of an unmasked sum against what honest devices can produce. Inside SecAgg+ the server
 * never sees one update, so a device that skips clipping (or scales its update) is only visible in
 * the sum. With n counted devices:
 *
 * <ul>
 *   <li>each honest quantized update has L2 norm at most {@code S = C·scale + sqrt(d)} (the clip,
 *       plus stochastic rounding, which moves each coordinate by less than 1), so the updates add
 *       up to at most {@code n·S};
 *   <li>the noise is the sum of n discrete Gaussians of σ_dev per coordinate (plus the server's σ
 *       with central noise). A discrete Gaussian of parameter σ is σ-subgaussian (Canonne, Kamath
 *       &amp; Steinke 2020), so each coordinate of the noise is σ_sum-subgaussian with {@code
 *       σ_sum² = n·σ_dev² + σ_server²}, and for d independent such coordinates {@code P(‖noise‖² >
 *       σ_sum²·(d + 2·sqrt(d·t) + 2t)) ≤ e^(−t)} (Hsu, Kakade &amp; Zhang 2012, Theorem 1, the
 *       subgaussian form of Laurent &amp; Massart 2000).
 * </ul>
 *
 * By the triangle inequality, a sum of honest updates exceeds {@code n·S + σ_sum·sqrt(d + 2·sqrt(d
 * t) + 2t)} with probability at most e^(−t); with t = ln(1e9) the check rejects an honest round
 * with probability at most {@value #FALSE_ALARM}. Residues are read centred, as the codec decodes
 * them, so the norm is that of the sum the model would step with. The check reads only the noised
 * sum, so it costs no privacy.
 *
 * <p>What it does not stop: a device whose update stays within the bound (up to about {@code n·S}
 * minus the honest sum's norm, or any update within its own clip norm that steers the model). Only
 * per-device proofs of the norm (ACORN, Bell et al. 2023; RoFL, Lycklama et al. 2023) close that.
 */
public final class SumCheck {
  /** The probability that the check rejects a round of honest devices, at most. */
  public static final double FALSE_ALARM = 1e-9;

  /** t = ln(1 / {@link #FALSE_ALARM}). */
  static final double T = Math.log(1 / FALSE_ALARM);

  private SumCheck() {}

  /**
   * The largest L2 norm, in integer units, that a sum of {@code counted} honest contributions to
   * {@code plan} has with probability at least 1 − {@value #FALSE_ALARM}.
   *
   * @throws IllegalArgumentException if {@code counted < 1}
   */
  public static double bound(RoundPlan plan, int counted) {
    if (counted < 1) {
      throw new IllegalArgumentException("counted must be >= 1, was " + counted);
    }
    double d = plan.dimension();
    double sigmaSquared =
        counted * plan.deviceNoiseSigma() * plan.deviceNoiseSigma()
            + plan.serverNoiseSigma() * plan.serverNoiseSigma();
    double noise = Math.sqrt(sigmaSquared * (d + 2 * Math.sqrt(d * T) + 2 * T));
    return counted * plan.sensitivity() + noise;
  }

  /** The L2 norm of a sum of residues modulo 2^bits, each read centred, in integer units. */
  public static double norm(RoundPlan plan, long[] residues) {
    double sum = 0;
    for (long v : residues) {
      double centred = plan.modulusBits() == 64 ? v : (double) (int) v;
      sum += centred * centred;
    }
    return Math.sqrt(sum);
  }

  /**
   * Refuses the sum of {@code counted} devices if it is larger than {@link #bound}.
   *
   * @throws SumRejectedException if it is
   */
  public static void check(RoundPlan plan, long[] residues, int counted) {
    double norm = norm(plan, residues);
    double bound = bound(plan, counted);
    if (!(norm <= bound)) {
      throw new SumRejectedException(
          plan.round(), norm / plan.scale(), bound / plan.scale(), counted);
    }
  }
}
