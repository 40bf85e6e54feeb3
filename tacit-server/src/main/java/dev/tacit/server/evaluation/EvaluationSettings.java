package dev.tacit.server.evaluation;

import static dev.tacit.check.Preconditions.checkArgument;

import java.util.Locale;

/**
 * How federated evaluation is released. A model version's NDCG@10 and hit@10 sums are released
 * once, when {@code minReports} devices have reported on it, with Gaussian noise of standard
 * deviation σ = z·√2 on each sum: a device changes each sum by at most 1 (NDCG@10 in [0, 1], hit@10
 * in {0, 1}), so the pair has L2 sensitivity √2 when one device's report replaces another's, which
 * is what adding or removing a device does to a release of exactly {@code minReports} reports. Each
 * release is one Gaussian mechanism with noise multiplier z, charged to the evaluation budget.
 *
 * @param minReports the reports a version needs before it is released, >= 1
 * @param noiseMultiplier z = σ/Δ, > 0 and finite
 */
public record EvaluationSettings(int minReports, double noiseMultiplier) {
  /** The L2 sensitivity of the (NDCG@10 sum, hit@10 sum) pair. */
  public static final double SENSITIVITY = Math.sqrt(2);

  /** The default minimum number of reports a version needs before it is released. */
  public static final int DEFAULT_MIN_REPORTS = 500;

  /**
   * The default noise multiplier: 30 releases fit in the default evaluation budget (ε = 3.964 after
   * 30 at δ = 1e-6, 4.038 after 31: {@code EvaluationSettingsTest}); at 500 reports the noise on
   * each mean has standard deviation 7·√2/500 = 0.0198.
   */
  public static final double DEFAULT_NOISE_MULTIPLIER = 7.0;

  /** Validates the settings. */
  public EvaluationSettings {
    checkArgument(minReports >= 1, "minReports must be >= 1, was %s", minReports);
    checkArgument(
        noiseMultiplier > 0 && Double.isFinite(noiseMultiplier),
        "noiseMultiplier must be > 0 and finite, was %s",
        noiseMultiplier);
  }

  /** {@value #DEFAULT_MIN_REPORTS} reports, noise multiplier {@value #DEFAULT_NOISE_MULTIPLIER}. */
  public static EvaluationSettings defaults() {
    return new EvaluationSettings(DEFAULT_MIN_REPORTS, DEFAULT_NOISE_MULTIPLIER);
  }

  /** σ, the standard deviation of the noise on each sum. */
  public double sigma() {
    return noiseMultiplier * SENSITIVITY;
  }

  /** What federated evaluation sends and what the server keeps of it, in words (the notice's). */
  public String description() {
    return String.format(
        Locale.ROOT,
        "federated evaluation of model quality. Sent: for a model version, one report with the"
            + " device id, the version, NDCG@10 (a number in [0, 1]) and hit@10 (0 or 1), at most"
            + " once per version (a second report, or one after the release, is refused). Kept:"
            + " the version's running sums of the two figures and their count, and, to refuse a"
            + " second report, an HMAC of the device id under a random key of the version; the"
            + " report itself is not stored. When %d devices have reported on a version, its sums"
            + " are released once with Gaussian noise (standard deviation %.4g on each sum, noise"
            + " multiplier %.4g), charged to the evaluation budget; the exact sums, the HMACs and"
            + " their key are then erased, and only the noisy sums are kept. A deleted device's"
            + " HMAC is erased with it; its figures stay in the sums.",
        minReports,
        sigma(),
        noiseMultiplier);
  }
}
