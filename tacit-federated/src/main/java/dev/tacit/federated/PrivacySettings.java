package dev.tacit.federated;

import static dev.tacit.check.Preconditions.checkArgument;

import java.util.Locale;

/**
 * User-level differential privacy of a federated run: every update is clipped to L2 norm {@code
 * clipNorm}, and the round's sum carries Gaussian noise of standard deviation {@code
 * noiseMultiplier} times the (post-quantization) sensitivity. With {@link NoiseAt#DEVICES} each
 * device adds discrete Gaussian noise for its share (distributed DP, Kairouz et al. 2021), scaled
 * so that the full noise is in the sum when at least {@code minSurvivorFraction} of the cohort is
 * counted and up to a fraction {@code colludingFraction} (κ) of the counted devices add no noise at
 * all (they collude with the server, or are the server's own); with {@link NoiseAt#SERVER} the
 * server adds it after unmasking (for deployments that trust it). A noise multiplier of 0 means no
 * DP (ε = ∞).
 *
 * @param clipNorm the L2 clip norm C of one update
 * @param noiseMultiplier z: the noise of the sum over its sensitivity, 0 for none
 * @param noiseAt who adds the noise
 * @param minSurvivorFraction the fewest counted devices a round releases, as a fraction of its
 *     cohort, in (0, 1]
 * @param colludingFraction κ, in [0, 1): the fraction of the counted devices that may add no noise
 *     while the released sum still carries the noise the accountant charges
 */
public record PrivacySettings(
    double clipNorm,
    double noiseMultiplier,
    NoiseAt noiseAt,
    double minSurvivorFraction,
    double colludingFraction) {

  /**
   * The default κ: one counted device in five may add no noise. It costs about 12% more noise per
   * device than trusting every device ({@code sqrt(1 / 0.8)}), and stays below the third of a
   * neighbourhood that the SecAgg+ threshold of ⌈2k/3⌉ is designed to tolerate against a server
   * that deviates (Bonawitz et al. 2017, Bell et al. 2020): with more colluders than that the masks
   * no longer hide one device's input, so a larger κ would buy little.
   */
  public static final double DEFAULT_COLLUDING_FRACTION = 0.2;

  /** Where the noise is added. */
  public enum NoiseAt {
    /** Each device adds its share: the server never sees an un-noised sum. */
    DEVICES,
    /** The server adds all the noise after unmasking the sum. */
    SERVER
  }

  /** Validates the settings. */
  public PrivacySettings {
    checkArgument(
        clipNorm > 0 && Double.isFinite(clipNorm),
        "clipNorm must be > 0 and finite, was %s",
        clipNorm);
    checkArgument(
        noiseMultiplier >= 0 && Double.isFinite(noiseMultiplier),
        "noiseMultiplier must be >= 0 and finite, was %s",
        noiseMultiplier);
    checkArgument(noiseAt != null, "noiseAt must be given");
    checkArgument(
        minSurvivorFraction > 0 && minSurvivorFraction <= 1,
        "minSurvivorFraction must be in (0, 1], was %s",
        minSurvivorFraction);
    checkArgument(
        colludingFraction >= 0 && colludingFraction < 1,
        "colludingFraction (kappa) must be in [0, 1), was %s",
        colludingFraction);
  }

  /** Settings with the default κ ({@value #DEFAULT_COLLUDING_FRACTION}). */
  public PrivacySettings(
      double clipNorm, double noiseMultiplier, NoiseAt noiseAt, double minSurvivorFraction) {
    this(clipNorm, noiseMultiplier, noiseAt, minSurvivorFraction, DEFAULT_COLLUDING_FRACTION);
  }

  /** No noise (ε = ∞), updates clipped to {@code clipNorm} only to bound the quantization. */
  public static PrivacySettings none(double clipNorm) {
    return new PrivacySettings(clipNorm, 0, NoiseAt.DEVICES, 1, 0);
  }

  /**
   * Distributed noise from the devices, for rounds where at least the given fraction survive, with
   * the default κ.
   */
  public static PrivacySettings distributed(
      double clipNorm, double noiseMultiplier, double minSurvivorFraction) {
    return new PrivacySettings(clipNorm, noiseMultiplier, NoiseAt.DEVICES, minSurvivorFraction);
  }

  /** A copy with another κ. */
  public PrivacySettings withColludingFraction(double colludingFraction) {
    return new PrivacySettings(
        clipNorm, noiseMultiplier, noiseAt, minSurvivorFraction, colludingFraction);
  }

  /** Whether the run is differentially private (noise multiplier above 0). */
  public boolean isPrivate() {
    return noiseMultiplier > 0;
  }

  /**
   * The devices whose noise alone must carry the full noise of a sum of at least {@code
   * minSurvivors} counted devices: with at most a fraction κ of n counted devices adding none, at
   * most ⌊κn⌋ do (a count of devices is a whole number), so at least n − ⌊κn⌋ = ⌈(1 − κ)n⌉ add
   * theirs, which grows with n; its least value, at n = {@code minSurvivors}, is returned. (⌊κn⌋ is
   * taken with a margin of 1e-9, so that a product a hair below a whole number in floating point
   * counts one more colluder, never one fewer.)
   *
   * @throws IllegalArgumentException if {@code minSurvivors < 1}
   */
  public int honestDevices(int minSurvivors) {
    checkArgument(minSurvivors >= 1, "minSurvivors must be >= 1, was %s", minSurvivors);
    int colluders = (int) Math.floor(colludingFraction * minSurvivors + 1e-9);
    return Math.max(1, minSurvivors - colluders);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "PrivacySettings[clip=%s, z=%s, noise at %s, min survivors %s, kappa %s]",
        clipNorm,
        noiseMultiplier,
        noiseAt,
        minSurvivorFraction,
        colludingFraction);
  }
}
