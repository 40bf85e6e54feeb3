package dev.tacit.privacy.clip;

import static dev.tacit.privacy.internal.Preconditions.checkArgument;
import static dev.tacit.privacy.internal.Preconditions.checkNotNull;
import static dev.tacit.privacy.internal.Preconditions.checkPositive;

import dev.tacit.privacy.noise.NoiseMechanism;

/**
 * A clip norm that tracks a quantile of the update norms: after each round, C ← C·exp(−η(b̃ − γ)),
 * where b̃ is the noised fraction of clients whose update norm was at most C (Andrew et al.,
 * NeurIPS 2021). Not thread-safe.
 */
public final class AdaptiveClipNorm {
  private final AdaptiveClipping parameters;
  private final NoiseMechanism countNoise;
  private double clipNorm;

  private AdaptiveClipNorm(AdaptiveClipping parameters, NoiseMechanism countNoise) {
    this.parameters = parameters;
    this.countNoise = countNoise;
    this.clipNorm = parameters.initialClipNorm();
  }

  /**
   * An adaptive clip norm whose count of unclipped clients is noised by {@code countNoise}, which
   * should be a Gaussian of standard deviation {@link AdaptiveClipping#countNoiseStddev()} (or
   * {@link NoiseMechanism#none()} in deterministic tests).
   */
  public static AdaptiveClipNorm create(AdaptiveClipping parameters, NoiseMechanism countNoise) {
    return new AdaptiveClipNorm(
        checkNotNull(parameters, "parameters"), checkNotNull(countNoise, "countNoise"));
  }

  /** The current clip norm. */
  public double clipNorm() {
    return clipNorm;
  }

  /**
   * Updates the clip norm from the number of clients of the round whose update norm was at most
   * {@link #clipNorm()}, and returns the new norm.
   *
   * @throws IllegalArgumentException if the cohort size is not positive or the count is outside [0,
   *     cohortSize]
   */
  public double update(long unclippedCount, long cohortSize) {
    checkArgument(cohortSize > 0, "cohortSize must be > 0, was " + cohortSize);
    checkArgument(
        unclippedCount >= 0 && unclippedCount <= cohortSize,
        "unclippedCount must be in [0, " + cohortSize + "], was " + unclippedCount);
    double noisedFraction = countNoise.addNoise((double) unclippedCount) / cohortSize;
    clipNorm =
        nextClipNorm(
            clipNorm, noisedFraction, parameters.targetQuantile(), parameters.learningRate());
    return clipNorm;
  }

  /** One geometric update step: C·exp(−η(b − γ)). */
  public static double nextClipNorm(
      double clipNorm, double unclippedFraction, double targetQuantile, double learningRate) {
    checkPositive(clipNorm, "clipNorm");
    checkArgument(
        Double.isFinite(unclippedFraction),
        "unclippedFraction must be finite, was " + unclippedFraction);
    return clipNorm * Math.exp(-learningRate * (unclippedFraction - targetQuantile));
  }
}
