package dev.tacit.privacy.accounting;

import static dev.tacit.check.Preconditions.checkAtLeast;
import static dev.tacit.check.Preconditions.checkPositive;
import static dev.tacit.check.Preconditions.checkRate;

/** A use of a mechanism whose privacy cost an {@link Accountant} composes. */
public sealed interface PrivacyEvent
    permits PrivacyEvent.SampledGaussian, PrivacyEvent.Laplace, PrivacyEvent.PureDp {

  /**
   * {@code steps} runs of the Gaussian mechanism with noise multiplier z = σ/Δ on a Poisson sample
   * of rate q (DP-SGD and DP-FedAvg rounds); q = 1 is the plain Gaussian mechanism.
   *
   * @param samplingRate q in (0, 1]
   * @param noiseMultiplier z = σ/Δ, > 0 and finite
   * @param steps the number of compositions, >= 1
   */
  record SampledGaussian(double samplingRate, double noiseMultiplier, long steps)
      implements PrivacyEvent {
    /** Validates the parameters. */
    public SampledGaussian {
      checkRate(samplingRate, "samplingRate");
      checkPositive(noiseMultiplier, "noiseMultiplier");
      checkAtLeast(steps, 1, "steps");
    }
  }

  /**
   * {@code count} runs of the Laplace mechanism with scale b on a query of sensitivity Δ (ε = Δ/b
   * each, pure DP).
   *
   * @param scale b, > 0 and finite
   * @param sensitivity Δ, > 0 and finite
   * @param count the number of compositions, >= 1
   */
  record Laplace(double scale, double sensitivity, long count) implements PrivacyEvent {
    /** Validates the parameters. */
    public Laplace {
      checkPositive(scale, "scale");
      checkPositive(sensitivity, "sensitivity");
      checkAtLeast(count, 1, "count");
    }
  }

  /**
   * {@code count} runs of any ε-DP mechanism whose exact RDP is not known, such as randomized
   * response and the local-DP frequency oracles: accounted with the bound that holds for every ε-DP
   * mechanism, RDP(α) ≤ min(ε, α ε² / 2) (Bun &amp; Steinke 2016, Propositions 1.4 and 1.3: ε-DP
   * implies ε²/2-zCDP, and the Rényi divergence of any order is at most the max divergence).
   *
   * @param epsilon ε of one run, > 0 and finite
   * @param count the number of compositions, >= 1
   */
  record PureDp(double epsilon, long count) implements PrivacyEvent {
    /** Validates the parameters. */
    public PureDp {
      checkPositive(epsilon, "epsilon");
      checkAtLeast(count, 1, "count");
    }
  }

  /** A pure ε-DP event; see {@link PureDp}. */
  static PureDp pureDp(double epsilon, long count) {
    return new PureDp(epsilon, count);
  }

  /** A sampled Gaussian event; see {@link SampledGaussian}. */
  static SampledGaussian sampledGaussian(double samplingRate, double noiseMultiplier, long steps) {
    return new SampledGaussian(samplingRate, noiseMultiplier, steps);
  }

  /** {@code count} runs of the plain Gaussian mechanism (sampling rate 1). */
  static SampledGaussian gaussian(double noiseMultiplier, long count) {
    return new SampledGaussian(1.0, noiseMultiplier, count);
  }

  /** A Laplace event; see {@link Laplace}. */
  static Laplace laplace(double scale, double sensitivity, long count) {
    return new Laplace(scale, sensitivity, count);
  }
}
