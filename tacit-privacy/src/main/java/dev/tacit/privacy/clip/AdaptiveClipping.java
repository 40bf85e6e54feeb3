package dev.tacit.privacy.clip;

import static dev.tacit.privacy.internal.Preconditions.checkArgument;
import static dev.tacit.privacy.internal.Preconditions.checkNonNegative;
import static dev.tacit.privacy.internal.Preconditions.checkPositive;

/**
 * Parameters of adaptive clipping (Andrew, Thakkar, McMahan &amp; Ramaswamy, "Differentially
 * Private Learning with Adaptive Clipping", NeurIPS 2021).
 *
 * @param initialClipNorm C₀ > 0
 * @param targetQuantile γ in [0, 1], the fraction of clients that should be left unclipped
 * @param learningRate η > 0 of the geometric update
 * @param countNoiseStddev σ_b >= 0 of the Gaussian noise on the count of unclipped clients
 */
public record AdaptiveClipping(
    double initialClipNorm, double targetQuantile, double learningRate, double countNoiseStddev) {
  /** Validates the values. */
  public AdaptiveClipping {
    checkPositive(initialClipNorm, "initialClipNorm");
    checkArgument(
        targetQuantile >= 0 && targetQuantile <= 1,
        "targetQuantile must be in [0, 1], was " + targetQuantile);
    checkPositive(learningRate, "learningRate");
    checkNonNegative(countNoiseStddev, "countNoiseStddev");
  }

  /**
   * The noise multiplier left for the update sum when the count noise and the update noise share
   * the total noise multiplier z: (z^-2 − σ_b^-2)^-1/2, since the {0, 1} count has sensitivity 1
   * (Andrew et al. 2021, Section 3.1, who centre the bits and so write 2σ_b).
   *
   * @throws IllegalArgumentException if z is not positive or σ_b is too small to leave any budget
   */
  public double updateNoiseMultiplier(double totalNoiseMultiplier) {
    checkPositive(totalNoiseMultiplier, "totalNoiseMultiplier");
    double rest =
        1 / (totalNoiseMultiplier * totalNoiseMultiplier)
            - 1 / (countNoiseStddev * countNoiseStddev);
    checkArgument(
        rest > 0,
        "countNoiseStddev must be > totalNoiseMultiplier = "
            + totalNoiseMultiplier
            + ", was "
            + countNoiseStddev);
    return 1 / Math.sqrt(rest);
  }
}
