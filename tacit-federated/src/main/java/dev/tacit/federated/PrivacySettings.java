package dev.tacit.federated;

import java.util.Locale;

/**
 * User-level differential privacy of a federated run: every update is clipped to L2 norm {@code
 * clipNorm}, and the round's sum carries Gaussian noise of standard deviation {@code
 * noiseMultiplier} times the (post-quantization) sensitivity. With {@link NoiseAt#DEVICES} each
 * device adds discrete Gaussian noise for its share, scaled so that the sum of any {@code
 * minSurvivorFraction} of the cohort carries the full noise (distributed DP, Kairouz et al. 2021);
 * with {@link NoiseAt#SERVER} the server adds it after unmasking (for deployments that trust it). A
 * noise multiplier of 0 means no DP (ε = ∞).
 */
public record PrivacySettings(
    double clipNorm, double noiseMultiplier, NoiseAt noiseAt, double minSurvivorFraction) {
  /** Where the noise is added. */
  public enum NoiseAt {
    /** Each device adds its share: the server never sees an un-noised sum. */
    DEVICES,
    /** The server adds all the noise after unmasking the sum. */
    SERVER
  }

  /** Validates the settings. */
  public PrivacySettings {
    if (!(clipNorm > 0 && Double.isFinite(clipNorm))) {
      throw new IllegalArgumentException("clipNorm must be > 0 and finite, was " + clipNorm);
    }
    if (!(noiseMultiplier >= 0 && Double.isFinite(noiseMultiplier))) {
      throw new IllegalArgumentException(
          "noiseMultiplier must be >= 0 and finite, was " + noiseMultiplier);
    }
    if (noiseAt == null) {
      throw new IllegalArgumentException("noiseAt must be given");
    }
    if (!(minSurvivorFraction > 0 && minSurvivorFraction <= 1)) {
      throw new IllegalArgumentException(
          "minSurvivorFraction must be in (0, 1], was " + minSurvivorFraction);
    }
  }

  /** No noise (ε = ∞), updates clipped to {@code clipNorm} only to bound the quantization. */
  public static PrivacySettings none(double clipNorm) {
    return new PrivacySettings(clipNorm, 0, NoiseAt.DEVICES, 1);
  }

  /** Distributed noise from the devices, for rounds where at least the given fraction survive. */
  public static PrivacySettings distributed(
      double clipNorm, double noiseMultiplier, double minSurvivorFraction) {
    return new PrivacySettings(clipNorm, noiseMultiplier, NoiseAt.DEVICES, minSurvivorFraction);
  }

  /** Whether the run is differentially private (noise multiplier above 0). */
  public boolean isPrivate() {
    return noiseMultiplier > 0;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "PrivacySettings[clip=%s, z=%s, noise at %s, min survivors %s]",
        clipNorm,
        noiseMultiplier,
        noiseAt,
        minSurvivorFraction);
  }
}
