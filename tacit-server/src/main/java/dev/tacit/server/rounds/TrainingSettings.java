package dev.tacit.server.rounds;

import static dev.tacit.check.Preconditions.checkArgument;

import dev.tacit.federated.FederatedConfig;
import dev.tacit.federated.PrivacySettings;
import dev.tacit.federated.cooccurrence.CooccurrenceConfig;
import dev.tacit.federated.server.round.RoundRules;
import dev.tacit.privacy.accounting.NoiseCalibrator;
import java.time.Duration;
import java.util.Objects;

/**
 * How the server trains: the model and optimizer, the privacy of each round, and how rounds recruit
 * and time out. The ε budget and δ are the server's {@code training} budget.
 *
 * @param federated the model's hyper-parameters and the server optimizer
 * @param privacy clipping, noise multiplier and where the noise is added
 * @param rules sampling rate, cohort bounds, recruiting window and phase timeout
 * @param population the number of devices expected to take part over time (N in μ = λ/N)
 * @param pacing how often rounds may open
 * @param cooccurrence the settings of the private co-occurrence model when the server trains it
 *     (two releases in which every device with training consent takes part, {@code privacy}'s noise
 *     multiplier being that of one release with the privacy of both), or null for federated iALS
 *     ({@code federated})
 */
public record TrainingSettings(
    FederatedConfig federated,
    PrivacySettings privacy,
    RoundRules rules,
    int population,
    RoundPacing pacing,
    CooccurrenceConfig cooccurrence) {
  /** Validates the settings. */
  public TrainingSettings {
    Objects.requireNonNull(federated, "federated");
    Objects.requireNonNull(privacy, "privacy");
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(pacing, "pacing");
    checkArgument(population >= 1, "population must be >= 1, was %s", population);
    checkArgument(
        cooccurrence == null || rules.samplingRate() == 1,
        "every device takes part in both releases of the co-occurrence model: the sampling"
            + " rate must be 1, was %s",
        rules.samplingRate());
  }

  /** Settings of federated iALS. */
  public TrainingSettings(
      FederatedConfig federated,
      PrivacySettings privacy,
      RoundRules rules,
      int population,
      RoundPacing pacing) {
    this(federated, privacy, rules, population, pacing, null);
  }

  /** The algorithm the server trains: {@code "cooccurrence"} or {@code "ials"}. */
  public String algorithm() {
    return cooccurrence == null ? "ials" : "cooccurrence";
  }

  /**
   * Settings of the private co-occurrence model: both releases together with the privacy of one
   * Gaussian release of noise multiplier {@code privacy.noiseMultiplier()}, split by {@code
   * config}'s popularity share; every device with training consent takes part in each (q = 1).
   */
  public static TrainingSettings cooccurrence(
      CooccurrenceConfig config, PrivacySettings privacy, RoundRules rules, int population) {
    Objects.requireNonNull(config, "config");
    return new TrainingSettings(
        FederatedConfig.defaults(), privacy, rules, population, RoundPacing.defaults(), config);
  }

  /** The privacy settings of the two releases (only for the co-occurrence model). */
  public CooccurrenceConfig.Releases releases() {
    if (cooccurrence == null) {
      throw new IllegalStateException("federated iALS has no co-occurrence releases");
    }
    return cooccurrence.releases(
        privacy.noiseMultiplier(),
        privacy.noiseAt(),
        privacy.minSurvivorFraction(),
        privacy.colludingFraction());
  }

  /** Settings with the default pacing ({@link RoundPacing#defaults}). */
  public TrainingSettings(
      FederatedConfig federated, PrivacySettings privacy, RoundRules rules, int population) {
    this(federated, privacy, rules, population, RoundPacing.defaults());
  }

  /** Rounds the default noise is calibrated for. */
  public static final int DEFAULT_ROUNDS = 20;

  /**
   * The defaults of a deployment with an (ε, δ) training budget: k = 32 factors and FedAdam ({@link
   * FederatedConfig#defaults}), updates clipped to L2 norm 5 with noise from the devices for
   * cohorts where 80% survive and a fifth of the counted devices may add none ({@link
   * PrivacySettings#DEFAULT_COLLUDING_FRACTION}), the noise multiplier that lets {@value
   * #DEFAULT_ROUNDS} rounds at q = 0.1 fit the budget, cohorts of 10 to 10,000 devices, 60 s to
   * recruit and per phase, the default pacing, and a population of 1,000 devices.
   */
  public static TrainingSettings defaults(double epsilon, double delta) {
    RoundRules rules = RoundRules.defaults();
    double z =
        NoiseCalibrator.noiseMultiplier(epsilon, delta, rules.samplingRate(), DEFAULT_ROUNDS);
    return new TrainingSettings(
        FederatedConfig.defaults(), PrivacySettings.distributed(5.0, z, 0.8), rules, 1000);
  }

  /** A copy with other round rules. */
  public TrainingSettings withRules(RoundRules rules) {
    return new TrainingSettings(federated, privacy, rules, population, pacing, cooccurrence);
  }

  /** A copy with other pacing. */
  public TrainingSettings withPacing(RoundPacing pacing) {
    return new TrainingSettings(federated, privacy, rules, population, pacing, cooccurrence);
  }

  /** The recruiting window and phase timeout of a copy, for loopback demos and tests. */
  public TrainingSettings withTimeouts(Duration recruitWindow, Duration phaseTimeout) {
    return withRules(
        new RoundRules(
            rules.samplingRate(),
            rules.minCohort(),
            rules.maxCohort(),
            recruitWindow,
            phaseTimeout,
            rules.quorum(),
            rules.idleGap()));
  }
}
