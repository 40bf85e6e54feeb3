package dev.tacit.spark;

import dev.tacit.federated.PrivacySettings;
import dev.tacit.federated.cooccurrence.CooccurrenceConfig;
import dev.tacit.privacy.accounting.NoiseCalibrator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The settings of a private co-occurrence run over a log, as {@code tacit simulate --model
 * cooccurrence} takes them: every user of the training set is a device, all are counted (no
 * dropouts), the noise is scaled for {@code survivorFraction} of them and {@code
 * colludingFraction}.
 *
 * @param cooccurrence the model's settings
 * @param epsilon the target ε of both releases together ({@code +∞}: no noise)
 * @param delta δ
 * @param survivorFraction the fraction of the population the device noise is scaled for
 * @param colludingFraction κ, the fraction of devices assumed to collude with the server
 * @param seed the seed of every device's randomness
 * @param noise how the distributed noise is drawn
 */
public record PrivateSettings(
    CooccurrenceConfig cooccurrence,
    double epsilon,
    double delta,
    double survivorFraction,
    double colludingFraction,
    long seed,
    NoiseDraw noise) {

  /** How the distributed noise of a release is drawn. */
  public enum NoiseDraw {
    /**
     * Each device's discrete Gaussian share is drawn in the executor, inside the device code, as a
     * real fleet does: the sum is bit-identical to the single-machine simulation's with noise.
     */
    DEVICES,
    /**
     * The devices' shares are left out in the executors and their sum is drawn once on the driver,
     * as one discrete Gaussian of the summed variance (counted · σ²): the same privacy accounting
     * at a fraction of the random draws.
     */
    ONCE
  }

  /** Validates. */
  public PrivateSettings {
    if (cooccurrence == null || noise == null) {
      throw new IllegalArgumentException("cooccurrence and noise must be given");
    }
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException("epsilon must be > 0 (or infinity), was " + epsilon);
    }
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("delta must be in (0, 1), was " + delta);
    }
    if (!(survivorFraction > 0 && survivorFraction <= 1)) {
      throw new IllegalArgumentException(
          "survivorFraction must be in (0, 1], was " + survivorFraction);
    }
    if (!(colludingFraction >= 0 && colludingFraction < 1)) {
      throw new IllegalArgumentException(
          "colludingFraction must be in [0, 1), was " + colludingFraction);
    }
  }

  /** The defaults of {@code tacit simulate --model cooccurrence} at {@code epsilon}. */
  public static PrivateSettings defaults(double epsilon, long seed) {
    return new PrivateSettings(
        CooccurrenceConfig.defaults(),
        epsilon,
        1e-5,
        1,
        PrivacySettings.DEFAULT_COLLUDING_FRACTION,
        seed,
        NoiseDraw.ONCE);
  }

  /** A copy at another ε. */
  public PrivateSettings withEpsilon(double e) {
    return new PrivateSettings(
        cooccurrence, e, delta, survivorFraction, colludingFraction, seed, noise);
  }

  /** A copy with other model settings. */
  public PrivateSettings withCooccurrence(CooccurrenceConfig c) {
    return new PrivateSettings(c, epsilon, delta, survivorFraction, colludingFraction, seed, noise);
  }

  /** A copy with another δ. */
  public PrivateSettings withDelta(double d) {
    return new PrivateSettings(
        cooccurrence, epsilon, d, survivorFraction, colludingFraction, seed, noise);
  }

  /** A copy with another way of drawing the noise. */
  public PrivateSettings withNoise(NoiseDraw n) {
    return new PrivateSettings(
        cooccurrence, epsilon, delta, survivorFraction, colludingFraction, seed, n);
  }

  /**
   * The combined noise multiplier of both releases: 0 without a budget, else the smallest z of one
   * Gaussian release within (ε, δ), raised by a relative 1e-9 as the simulator does.
   */
  public double noiseMultiplier() {
    if (Double.isInfinite(epsilon)) {
      return 0;
    }
    return NoiseCalibrator.noiseMultiplier(epsilon, delta, 1, 1) * (1 + 1e-9);
  }

  /** The releases' privacy settings (noise from the devices, as in a real run). */
  public CooccurrenceConfig.Releases releases() {
    return cooccurrence.releases(
        noiseMultiplier(), PrivacySettings.NoiseAt.DEVICES, survivorFraction, colludingFraction);
  }

  /** The settings as a map, for reports. */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("algorithm", "cooccurrence");
    m.putAll(cooccurrence.asMap());
    m.put("target_epsilon", Double.isInfinite(epsilon) ? "inf" : epsilon);
    m.put("delta", delta);
    m.put("min_survivor_fraction", survivorFraction);
    m.put("colluding_fraction", colludingFraction);
    m.put("noise_draw", noise.name().toLowerCase(Locale.ROOT));
    m.put("seed", seed);
    return m;
  }
}
