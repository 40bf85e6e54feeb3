package dev.tacit.cli;

import dev.tacit.federated.FederatedConfig;
import dev.tacit.federated.cooccurrence.CooccurrenceConfig;
import dev.tacit.federated.server.CohortSampler;
import dev.tacit.sim.Algorithm;
import dev.tacit.sim.SecAggMode;
import dev.tacit.sim.SimulationConfig;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code tacit simulate}'s settings of one federated simulation: privacy (epsilon or a noise
 * multiplier, delta, clip, collusion), cohorts and dropouts, SecAgg+, and the model's
 * hyper-parameters, turned into a {@link SimulationConfig}.
 */
final class SimulationOptions {
  @Option(
      names = "--popularity-share",
      description =
          "cooccurrence: the share of the privacy budget (in RDP) spent on the popularity release"
              + " (default 0.05).")
  Double popularityShare;

  @Option(names = "--rounds", description = "Rounds (default 100 without noise, tuned with it).")
  Integer rounds;

  @Option(names = "--cohort", description = "A fixed-size cohort of B devices per round.")
  Integer cohort;

  @Option(
      names = "--sampling-rate",
      description = "Poisson sampling: each device takes part with probability q (default 1).")
  Double samplingRate;

  @Option(
      names = "--epsilon",
      description = "Target epsilon: the noise is calibrated to it and it is the budget.")
  Double epsilon;

  @Option(
      names = "--noise-multiplier",
      description = "A fixed noise multiplier instead of --epsilon.")
  Double noiseMultiplier;

  @Option(names = "--delta", defaultValue = "1e-5", description = "Delta (default 1e-5).")
  double delta;

  @Option(
      names = "--dropout",
      defaultValue = "0",
      description = "Probability that a device drops out of a round (default 0).")
  double dropout;

  @Option(
      names = "--min-survivors",
      description = "Fraction of the cohort the noise is scaled for (default max(0.5, 1-2p)).")
  Double minSurvivors;

  @Option(
      names = "--colluding-fraction",
      defaultValue = "0.2",
      description =
          "Fraction kappa of the devices counted in a round that may add no noise (collude with"
              + " the server) while epsilon still holds; each device's noise grows by about"
              + " sqrt(1/(1-kappa)) (default 0.2).")
  double colludingFraction;

  @Option(
      names = "--secagg",
      defaultValue = "sum",
      description = "real (the SecAgg+ protocol every round) or sum (default).")
  String secAgg;

  @Option(
      names = "--secagg-cohort",
      defaultValue = "0",
      description =
          "cooccurrence: the most devices in one SecAgg+ session; a larger population is shuffled"
              + " into cohorts whose sums the server adds, each device's noise share sized for"
              + " the whole population (default 0: one session).")
  int secAggCohort;

  @Option(names = "--factors", defaultValue = "32", description = "Latent factors k.")
  int factors;

  @Option(names = "--clip", description = "L2 clip norm (default 50 without noise, tuned with).")
  Double clip;

  @Option(names = "--learning-rate", description = "FedAdam learning rate (default 0.05).")
  Double learningRate;

  @Option(
      names = "--eval-every",
      defaultValue = "0",
      description = "Score NDCG@10 every N rounds (default: only at the end).")
  int evalEvery;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the simulation.")
  long seed;

  /** The federated iALS configuration: k factors, the seed and the learning rate. */
  FederatedConfig federated() {
    FederatedConfig f = FederatedConfig.defaults().withFactors(factors).withSeed(seed);
    if (learningRate != null) {
      f = f.withOptimizer(f.optimizer(), learningRate);
    }
    return f;
  }

  /**
   * A simulation of {@code algorithm} at {@code eps} with these settings.
   *
   * @throws CommandLine.ParameterException if the settings do not make a simulation
   */
  SimulationConfig.Builder builder(double eps, Algorithm algorithm, CommandLine cl) {
    SimulationConfig.Builder b =
        SimulationConfig.tunedFor(noiseMultiplier != null ? Double.POSITIVE_INFINITY : eps)
            .federated(federated())
            .delta(delta)
            .dropout(dropout)
            .evalEvery(evalEvery)
            .seed(seed)
            .algorithm(algorithm)
            .secAgg(
                "real".equals(secAgg.toLowerCase(Locale.ROOT)) ? SecAggMode.REAL : SecAggMode.SUM);
    if (noiseMultiplier != null) {
      b.noiseMultiplier(noiseMultiplier)
          .clipNorm(SimulationConfig.NOISE_CLIP)
          .rounds(SimulationConfig.NOISE_ROUNDS);
    }
    if (rounds != null) {
      b.rounds(rounds);
    }
    if (clip != null) {
      b.clipNorm(clip);
    }
    if (minSurvivors != null) {
      b.minSurvivorFraction(minSurvivors);
    }
    b.colludingFraction(colludingFraction);
    b.maxCohortSize(secAggCohort);
    if (popularityShare != null) {
      b.cooccurrence(CooccurrenceConfig.defaults().withPopularityShare(popularityShare));
    }
    if (cohort != null) {
      b.sampler(CohortSampler.fixedSize(cohort));
    } else if (samplingRate != null) {
      b.sampler(CohortSampler.poisson(samplingRate));
    }
    try {
      b.build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, e.getMessage());
    }
    return b;
  }

  /**
   * Checks each setting's range.
   *
   * @throws CommandLine.ParameterException naming the option, if one is out of range
   */
  void validate(CommandLine cl) {
    if (popularityShare != null && !(popularityShare > 0 && popularityShare < 1)) {
      throw new CommandLine.ParameterException(
          cl, "--popularity-share must be in (0, 1), was " + popularityShare);
    }
    if (cohort != null && samplingRate != null) {
      throw new CommandLine.ParameterException(cl, "give --cohort or --sampling-rate, not both");
    }
    if (epsilon != null && !(epsilon > 0)) {
      throw new CommandLine.ParameterException(cl, "--epsilon must be > 0, was " + epsilon);
    }
    if (noiseMultiplier != null && !(noiseMultiplier >= 0 && Double.isFinite(noiseMultiplier))) {
      throw new CommandLine.ParameterException(
          cl, "--noise-multiplier must be >= 0 and finite, was " + noiseMultiplier);
    }
    if (!(delta > 0 && delta < 1)) {
      throw new CommandLine.ParameterException(cl, "--delta must be in (0, 1), was " + delta);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new CommandLine.ParameterException(cl, "--dropout must be in [0, 1), was " + dropout);
    }
    if (rounds != null && rounds < 1) {
      throw new CommandLine.ParameterException(cl, "--rounds must be >= 1, was " + rounds);
    }
    if (cohort != null && cohort < 3) {
      throw new CommandLine.ParameterException(
          cl, "--cohort must be >= 3 (secure aggregation needs 3 devices), was " + cohort);
    }
    if (samplingRate != null && !(samplingRate > 0 && samplingRate <= 1)) {
      throw new CommandLine.ParameterException(
          cl, "--sampling-rate must be in (0, 1], was " + samplingRate);
    }
    if (minSurvivors != null && !(minSurvivors > 0 && minSurvivors <= 1)) {
      throw new CommandLine.ParameterException(
          cl, "--min-survivors must be in (0, 1], was " + minSurvivors);
    }
    if (!(colludingFraction >= 0 && colludingFraction < 1)) {
      throw new CommandLine.ParameterException(
          cl, "--colluding-fraction must be in [0, 1), was " + colludingFraction);
    }
    String mode = secAgg.toLowerCase(Locale.ROOT);
    if (!mode.equals("real") && !mode.equals("sum")) {
      throw new CommandLine.ParameterException(cl, "--secagg must be real or sum, was " + secAgg);
    }
    if (secAggCohort != 0 && secAggCohort < 3) {
      throw new CommandLine.ParameterException(
          cl, "--secagg-cohort must be 0 (one session) or >= 3, was " + secAggCohort);
    }
    if (factors < 1 || factors > 1024) {
      throw new CommandLine.ParameterException(
          cl, "--factors must be in [1, 1024], was " + factors);
    }
    if (clip != null && !(clip > 0 && Double.isFinite(clip))) {
      throw new CommandLine.ParameterException(cl, "--clip must be > 0 and finite, was " + clip);
    }
    if (learningRate != null && !(learningRate > 0 && Double.isFinite(learningRate))) {
      throw new CommandLine.ParameterException(
          cl, "--learning-rate must be > 0 and finite, was " + learningRate);
    }
    if (evalEvery < 0) {
      throw new CommandLine.ParameterException(cl, "--eval-every must be >= 0, was " + evalEvery);
    }
  }
}
