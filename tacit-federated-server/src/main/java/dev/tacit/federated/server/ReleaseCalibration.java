package dev.tacit.federated.server;

import dev.tacit.federated.PrivacySettings;
import dev.tacit.federated.RoundPlan;

/**
 * The quantization and noise shares of one released sum: the largest fixed-point scale at which a
 * cohort's clipped, noised updates add up without wrapping modulo 2^bits, and each device's share
 * of the discrete Gaussian noise so that the devices that do add noise carry all of it when only
 * the minimum survivors are counted and a fraction κ of those add none ({@link
 * PrivacySettings#honestDevices}). Shared by every algorithm that releases sums through SecAgg+.
 */
public final class ReleaseCalibration {
  private ReleaseCalibration() {}

  /**
   * The plan of a release of a sum of {@code dimension}-long updates.
   *
   * @param round the round number, from 1
   * @param modelVersion the model version the devices compute on
   * @param privacy the clip norm, noise multiplier, who adds the noise, survivors and κ
   * @param modulusBits 32 or 64
   * @param cohortSize the devices asked to take part
   * @param expectedCohort the divisor of the sum (q·N for Poisson sampling, B for fixed cohorts)
   * @throws IllegalArgumentException if no scale fits the cohort in the modulus
   */
  public static RoundPlan plan(
      long round,
      long modelVersion,
      int dimension,
      PrivacySettings privacy,
      int modulusBits,
      int cohortSize,
      double expectedCohort) {
    if (cohortSize < 1 || dimension < 1) {
      throw new IllegalArgumentException(
          "cohortSize and dimension must be >= 1, were " + cohortSize + " and " + dimension);
    }
    double c = privacy.clipNorm();
    double z = privacy.noiseMultiplier();
    int minSurvivors = Math.max(1, (int) Math.ceil(privacy.minSurvivorFraction() * cohortSize));
    boolean atDevices = privacy.noiseAt() == PrivacySettings.NoiseAt.DEVICES;
    // The devices that add noise must carry all of it with only minSurvivors counted and a fraction
    // kappa of those adding none.
    int honest = privacy.honestDevices(minSurvivors);
    double limit = Math.scalb(1.0, modulusBits - 1) - 1;
    double sqrtD = Math.sqrt(dimension);
    for (int e = Math.min(60, modulusBits - 2); e >= 0; e--) {
      double scale = Math.scalb(1.0, e);
      double sensitivity = c * scale + sqrtD;
      double sumSigma = z * sensitivity;
      double deviceSigma = atDevices ? sumSigma / Math.sqrt(honest) : 0;
      double tailSigma = atDevices ? deviceSigma * Math.sqrt(cohortSize) : sumSigma;
      double worst = cohortSize * Math.ceil(c * scale) + 16 * tailSigma;
      // The discrete Gaussian sampler takes σ up to 2^50: with 64-bit sums the largest scale
      // would ask for more, and a smaller scale loses nothing that matters.
      boolean samplable = deviceSigma <= 0x1p50 && (atDevices || sumSigma <= 0x1p50);
      if (worst <= limit && c * scale < 0x1p62 && samplable) {
        return new RoundPlan(
            round,
            modelVersion,
            dimension,
            c,
            scale,
            modulusBits,
            deviceSigma,
            atDevices ? 0 : sumSigma,
            sensitivity,
            z,
            cohortSize,
            minSurvivors,
            expectedCohort);
      }
    }
    throw new IllegalArgumentException(
        "a cohort of "
            + cohortSize
            + " updates clipped to "
            + c
            + " with noise multiplier "
            + z
            + " cannot be summed without wrapping modulo 2^"
            + modulusBits
            + "; use 64-bit aggregation or smaller cohorts");
  }
}
