package dev.tacit.sim;

import dev.tacit.federated.FederatedConfig;
import dev.tacit.federated.PrivacySettings;
import dev.tacit.federated.cooccurrence.CooccurrenceConfig;
import dev.tacit.federated.server.CohortSampler;
import dev.tacit.privacy.accounting.NoiseCalibrator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The settings of one simulated federated run.
 *
 * @param federated the model and server-optimizer settings
 * @param clipNorm the L2 clip norm C of every device's update
 * @param epsilon the target ε: the budget of the run, and (when {@code noiseMultiplier} is NaN) the
 *     ε the noise is calibrated for over {@code rounds}; {@code +∞} for no budget
 * @param noiseMultiplier z, or NaN to calibrate it from {@code epsilon} (0 when ε is infinite)
 * @param delta the δ of every (ε, δ) statement
 * @param minSurvivorFraction the fraction of a cohort the device noise is scaled for (a round with
 *     fewer counted devices aborts), or NaN for {@code max(0.5, 1 − 2·dropout)}
 * @param colludingFraction κ: the fraction of the counted devices that may add no noise while the
 *     sum still carries the noise the accountant charges ({@link PrivacySettings})
 * @param sampler how each round's cohort is drawn
 * @param rounds the most rounds to run
 * @param dropout the probability that a cohort device drops out, at a uniformly random phase of the
 *     SecAgg protocol
 * @param secAgg real secure aggregation or the unmasked sum
 * @param evalEvery evaluate NDCG@10 every this many rounds (0: only the final model)
 * @param seed the seed of cohorts, dropouts and every device's randomness
 * @param algorithm the algorithm trained
 * @param cooccurrence the co-occurrence model's settings (used when {@code algorithm} is {@link
 *     Algorithm#COOCCURRENCE}: every device joins both releases, so the sampler, rounds and clip
 *     norm above do not apply to it)
 * @param maxCohortSize the most devices in one SecAgg+ session of a co-occurrence release, 0 for
 *     one session of the whole population: a larger population is shuffled into cohorts whose sums
 *     the server adds ({@link dev.tacit.federated.server.hierarchy.HierarchicalRelease})
 */
public record SimulationConfig(
    FederatedConfig federated,
    double clipNorm,
    double epsilon,
    double noiseMultiplier,
    double delta,
    double minSurvivorFraction,
    double colludingFraction,
    CohortSampler sampler,
    int rounds,
    double dropout,
    SecAggMode secAgg,
    int evalEvery,
    long seed,
    Algorithm algorithm,
    CooccurrenceConfig cooccurrence,
    int maxCohortSize) {

  /** The default clip norm without noise. */
  public static final double NO_NOISE_CLIP = 50;

  /** The default rounds without noise. */
  public static final int NO_NOISE_ROUNDS = 100;

  /** The default clip norm with noise. */
  public static final double NOISE_CLIP = 5;

  /** The default rounds with noise. */
  public static final int NOISE_ROUNDS = 20;

  /** Validates every setting, naming the one that is wrong. */
  public SimulationConfig {
    check(federated != null, "federated config must be given");
    check(
        clipNorm > 0 && Double.isFinite(clipNorm),
        "clipNorm must be > 0 and finite, was " + clipNorm);
    check(epsilon > 0, "epsilon must be > 0 (or infinite for no budget), was " + epsilon);
    check(
        Double.isNaN(noiseMultiplier) || (noiseMultiplier >= 0 && Double.isFinite(noiseMultiplier)),
        "noiseMultiplier must be >= 0 and finite (or NaN to calibrate it), was " + noiseMultiplier);
    check(delta > 0 && delta < 1, "delta must be in (0, 1), was " + delta);
    check(
        Double.isNaN(minSurvivorFraction) || (minSurvivorFraction > 0 && minSurvivorFraction <= 1),
        "minSurvivorFraction must be in (0, 1] (or NaN for the default), was "
            + minSurvivorFraction);
    check(
        colludingFraction >= 0 && colludingFraction < 1,
        "colludingFraction (kappa) must be in [0, 1), was " + colludingFraction);
    check(sampler != null, "sampler must be given");
    check(rounds >= 1, "rounds must be >= 1, was " + rounds);
    check(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), was " + dropout);
    check(secAgg != null, "secAgg mode must be given");
    check(evalEvery >= 0, "evalEvery must be >= 0, was " + evalEvery);
    check(algorithm != null, "algorithm must be given");
    check(cooccurrence != null, "cooccurrence settings must be given");
    check(
        maxCohortSize == 0 || maxCohortSize >= 3,
        "maxCohortSize must be 0 (one session) or >= 3, was " + maxCohortSize);
    check(
        !(noiseMultiplier == 0 && Double.isFinite(epsilon)),
        "a run without noise (noiseMultiplier 0) has epsilon = infinity: its budget cannot be "
            + epsilon);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** A builder with the no-DP defaults ({@link #tunedFor} with ε = ∞). */
  public static Builder builder() {
    return tunedFor(Double.POSITIVE_INFINITY);
  }

  /**
   * A builder with the defaults tuned on MovieLens 100K fold u1 for target {@code epsilon}. Without
   * noise (ε infinite): 100 rounds, clip 50 (gradient norms are about 5 to 15, so updates are
   * rarely clipped). With noise: 20 rounds and clip 5; every round pays for its noise, and on u1 at
   * ε = 8 (NDCG@10) clip 1, 2, 5, 10 gave 0.36, 0.41, 0.44, 0.43 over 10 rounds, and clip 5 gave
   * 0.42, 0.44, 0.45 over 5, 10, 20 rounds.
   */
  public static Builder tunedFor(double epsilon) {
    Builder b = new Builder().epsilon(epsilon);
    if (Double.isInfinite(epsilon)) {
      return b.clipNorm(NO_NOISE_CLIP).rounds(NO_NOISE_ROUNDS);
    }
    return b.clipNorm(NOISE_CLIP).rounds(NOISE_ROUNDS);
  }

  /** Whether the run adds noise. */
  public boolean isPrivate() {
    return Double.isNaN(noiseMultiplier) ? Double.isFinite(epsilon) : noiseMultiplier > 0;
  }

  /**
   * The noise multiplier for a population: the one given, or the smallest that keeps {@code rounds}
   * rounds at the sampler's accounting rate within (ε, δ) (Mironov, Talwar &amp; Zhang 2019).
   */
  public double noiseMultiplierFor(int population) {
    if (!Double.isNaN(noiseMultiplier)) {
      return noiseMultiplier;
    }
    if (Double.isInfinite(epsilon)) {
      return 0;
    }
    return NoiseCalibrator.noiseMultiplier(
        epsilon, delta, sampler.accountingRate(population), rounds);
  }

  /** The fraction of the cohort the noise is scaled for. */
  public double survivorFraction() {
    return Double.isNaN(minSurvivorFraction)
        ? Math.min(1, Math.max(0.5, 1 - 2 * dropout))
        : minSurvivorFraction;
  }

  /** The privacy settings for a population: noise from the devices (distributed DP). */
  public PrivacySettings privacyFor(int population) {
    return new PrivacySettings(
        clipNorm,
        noiseMultiplierFor(population),
        PrivacySettings.NoiseAt.DEVICES,
        survivorFraction(),
        colludingFraction);
  }

  /**
   * The combined noise multiplier of the co-occurrence model's two releases: the one given, or the
   * smallest z of one Gaussian release (no sampling: every device joins) within (ε, δ), which the
   * budget split then divides between the releases ({@link CooccurrenceConfig#releases}). Raised by
   * a relative 1e-9 so that rounding in the split cannot take the composed ε above the target.
   */
  public double cooccurrenceNoiseMultiplier() {
    if (!Double.isNaN(noiseMultiplier)) {
      return noiseMultiplier;
    }
    if (Double.isInfinite(epsilon)) {
      return 0;
    }
    return NoiseCalibrator.noiseMultiplier(epsilon, delta, 1, 1) * (1 + 1e-9);
  }

  /** The settings as a map, for reports. */
  public Map<String, Object> asMap() {
    if (algorithm == Algorithm.COOCCURRENCE) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("algorithm", algorithm.label());
      m.putAll(cooccurrence.asMap());
      m.put("target_epsilon", Double.isInfinite(epsilon) ? "inf" : epsilon);
      m.put("delta", delta);
      m.put("min_survivor_fraction", survivorFraction());
      m.put("colluding_fraction", colludingFraction);
      m.put("dropout", dropout);
      m.put("secagg", secAgg.name().toLowerCase(Locale.ROOT));
      m.put("max_cohort_size", maxCohortSize == 0 ? "population" : maxCohortSize);
      m.put("sim_seed", seed);
      return m;
    }
    Map<String, Object> m = new LinkedHashMap<>(federated.asMap());
    m.put("algorithm", algorithm.label());
    m.put("clip_norm", clipNorm);
    m.put("target_epsilon", Double.isInfinite(epsilon) ? "inf" : epsilon);
    m.put("delta", delta);
    m.put("min_survivor_fraction", survivorFraction());
    m.put("colluding_fraction", colludingFraction);
    m.put("sampler", sampler.toString());
    m.put("max_rounds", rounds);
    m.put("dropout", dropout);
    m.put("secagg", secAgg.name().toLowerCase(Locale.ROOT));
    m.put("sim_seed", seed);
    return m;
  }

  /** Builds a {@link SimulationConfig}; every setting has a default. */
  public static final class Builder {
    private FederatedConfig federated = FederatedConfig.defaults();
    private double clipNorm = 50;
    private double epsilon = Double.POSITIVE_INFINITY;
    private double noiseMultiplier = Double.NaN;
    private double delta = 1e-5;
    private double minSurvivorFraction = Double.NaN;
    private double colludingFraction = PrivacySettings.DEFAULT_COLLUDING_FRACTION;
    private CohortSampler sampler = CohortSampler.poisson(1);
    private int rounds = 100;
    private double dropout;
    private SecAggMode secAgg = SecAggMode.SUM;
    private int evalEvery;
    private long seed = 1;
    private Algorithm algorithm = Algorithm.IALS;
    private CooccurrenceConfig cooccurrence = CooccurrenceConfig.defaults();
    private int maxCohortSize;

    private Builder() {}

    /** The algorithm (default iALS). */
    public Builder algorithm(Algorithm v) {
      algorithm = v;
      return this;
    }

    /** The co-occurrence model's settings (default {@link CooccurrenceConfig#defaults()}). */
    public Builder cooccurrence(CooccurrenceConfig v) {
      cooccurrence = v;
      return this;
    }

    /**
     * The most devices in one SecAgg+ session of a co-occurrence release (default 0: one session).
     */
    public Builder maxCohortSize(int v) {
      maxCohortSize = v;
      return this;
    }

    /** The model and optimizer settings (default {@link FederatedConfig#defaults()}). */
    public Builder federated(FederatedConfig v) {
      federated = v;
      return this;
    }

    /** The clip norm. */
    public Builder clipNorm(double v) {
      clipNorm = v;
      return this;
    }

    /** The target ε and budget (default ∞). */
    public Builder epsilon(double v) {
      epsilon = v;
      return this;
    }

    /** A fixed noise multiplier instead of one calibrated from ε. */
    public Builder noiseMultiplier(double v) {
      noiseMultiplier = v;
      return this;
    }

    /** δ (default 1e-5). */
    public Builder delta(double v) {
      delta = v;
      return this;
    }

    /** The fraction of the cohort the noise is scaled for. */
    public Builder minSurvivorFraction(double v) {
      minSurvivorFraction = v;
      return this;
    }

    /**
     * κ, the fraction of the counted devices that may add no noise (default {@value
     * PrivacySettings#DEFAULT_COLLUDING_FRACTION}).
     */
    public Builder colludingFraction(double v) {
      colludingFraction = v;
      return this;
    }

    /** The cohort sampler (default: every device every round). */
    public Builder sampler(CohortSampler v) {
      sampler = v;
      return this;
    }

    /** The most rounds. */
    public Builder rounds(int v) {
      rounds = v;
      return this;
    }

    /** The dropout probability (default 0). */
    public Builder dropout(double v) {
      dropout = v;
      return this;
    }

    /** Real SecAgg or the unmasked sum (default sum). */
    public Builder secAgg(SecAggMode v) {
      secAgg = v;
      return this;
    }

    /** Evaluate every this many rounds (default 0: only at the end). */
    public Builder evalEvery(int v) {
      evalEvery = v;
      return this;
    }

    /** The simulation seed (default 1). */
    public Builder seed(long v) {
      seed = v;
      return this;
    }

    /**
     * The settings.
     *
     * @throws IllegalArgumentException if a setting is out of range
     */
    public SimulationConfig build() {
      return new SimulationConfig(
          federated,
          clipNorm,
          epsilon,
          noiseMultiplier,
          delta,
          minSurvivorFraction,
          colludingFraction,
          sampler,
          rounds,
          dropout,
          secAgg,
          evalEvery,
          seed,
          algorithm,
          cooccurrence,
          maxCohortSize);
    }
  }
}
