package dev.tacit.cli;

import dev.tacit.federated.FederatedConfig;
import dev.tacit.federated.PrivacySettings;
import dev.tacit.federated.cooccurrence.CooccurrenceConfig;
import dev.tacit.federated.server.round.RoundRules;
import dev.tacit.privacy.accounting.NoiseCalibrator;
import dev.tacit.privacy.budget.PrivacyBudget;
import dev.tacit.protocol.Purpose;
import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.rounds.RoundPacing;
import dev.tacit.server.rounds.TrainingSettings;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code tacit serve}'s training options: the private model, the rounds' sampling, cohorts, phases
 * and pacing, and the noise, clip and collusion each round is private under.
 */
final class TrainingOptions {
  @Option(
      names = "--model",
      defaultValue = "ials",
      description =
          "Training: the private model, 'ials' (default: federated iALS in sampled rounds) or"
              + " 'cooccurrence' (two releases, the popularity of every item then the co-occurrence"
              + " of the most popular ones, in which every device with training consent takes"
              + " part: q = 1, so the epsilon against the server is the published one).")
  String model;

  @Option(
      names = "--popularity-share",
      defaultValue = "0.05",
      description =
          "Training, --model cooccurrence: the share of the training budget's RDP spent on the"
              + " popularity release, in (0, 1) (default 0.05); the co-occurrence release gets the"
              + " rest.")
  double popularityShare;

  @Option(
      names = "--refresh",
      defaultValue = "0",
      description =
          "Training, --model cooccurrence: seconds between retrainings of the model, each two more"
              + " releases charged to the same training budget, which bounds them all; 0 (default)"
              + " trains it once.")
  double refresh;

  @Option(
      names = "--sampling-rate",
      defaultValue = "0.1",
      description =
          "Training: probability q that a checking-in device joins a round (default 0.1).")
  double samplingRate;

  @Option(
      names = "--min-cohort",
      defaultValue = "10",
      description = "Training: fewest devices a round runs with, >= 3 (default 10).")
  int minCohort;

  @Option(
      names = "--max-cohort",
      defaultValue = "10000",
      description = "Training: most devices a round recruits (default 10000).")
  int maxCohort;

  @Option(
      names = "--recruit-window",
      defaultValue = "60",
      description = "Training: seconds a round recruits (default 60).")
  double recruitWindow;

  @Option(
      names = "--phase-timeout",
      defaultValue = "60",
      description = "Training: seconds each SecAgg+ phase waits for devices (default 60).")
  double phaseTimeout;

  @Option(
      names = "--quorum",
      defaultValue = "1",
      description =
          "Training: a phase closes early once this fraction of its devices has sent, nothing"
              + " arrived for --idle-gap, half as long again as the quorum took has passed, and"
              + " every device keeps the SecAgg+ threshold of neighbours (default 1: wait for all"
              + " or the timeout).")
  double quorum;

  @Option(
      names = "--idle-gap",
      defaultValue = "1",
      description = "Training: seconds of quiet after which a quorate phase closes (default 1).")
  double idleGap;

  @Option(
      names = "--noise-multiplier",
      description =
          "Training: noise multiplier z (default: the one that fits 20 rounds in the training"
              + " budget at the sampling rate; with --model cooccurrence, the z of one release"
              + " with the privacy of both, by default the one that spends the whole budget).")
  Double noiseMultiplier;

  @Option(
      names = "--clip",
      defaultValue = "5",
      description = "Training: L2 clip norm of each update (default 5).")
  double clip;

  @Option(
      names = "--colluding-fraction",
      defaultValue = "0.2",
      description =
          "Training: fraction kappa of the devices counted in a round that may add no noise"
              + " (collude with the server) while epsilon still holds; each device's noise grows"
              + " by about sqrt(1/(1-kappa)); stated next to epsilon in the privacy notice, the"
              + " dashboard and the model card (default 0.2).")
  double colludingFraction;

  @Option(
      names = "--device-epsilon",
      description =
          "Training: the epsilon each device may reach against the server, which sees who takes"
              + " part: the rounds the device was counted in, composed without amplification by"
              + " sampling, at the training delta. A device whose next round would pass it is not"
              + " admitted to the round. 'Infinity' for no limit (default twice the training epsilon:"
              + " a device sampled into its expected share of rounds reaches 1.3 to 1.4 times it,"
              + " so twice stops only devices sampled far more often than the rest).")
  Double deviceEpsilon;

  @Option(
      names = "--round-interval",
      defaultValue = "2",
      description =
          "Training: least seconds between two round openings (default 2; a device told to wait"
              + " up to 2 s checks in again by itself).")
  double roundInterval;

  @Option(
      names = "--shortfall-backoff",
      defaultValue = "30",
      description =
          "Training: seconds before the next round after one aborted for lack of devices, doubled"
              + " after each such round in a row, up to --max-backoff (default 30).")
  double shortfallBackoff;

  @Option(
      names = "--max-backoff",
      defaultValue = "3600",
      description = "Training: the longest back-off after rounds short of devices (default 3600).")
  double maxBackoff;

  @Option(
      names = "--population",
      defaultValue = "1000",
      description =
          "Training: devices expected over time, for the item regularization (default 1000).")
  int population;

  /**
   * Checks the options the server reads besides {@link #settings}: {@code --device-epsilon} and
   * {@code --refresh}, before it starts.
   *
   * @throws ParameterException naming the option, if one is out of range
   */
  void validate(CommandLine cl) {
    if (deviceEpsilon != null && !(deviceEpsilon > 0)) {
      throw new ParameterException(
          cl, "--device-epsilon must be > 0 (or Infinity for no limit), was " + deviceEpsilon);
    }
    if (!(refresh >= 0 && Double.isFinite(refresh))) {
      throw new ParameterException(cl, "--refresh must be >= 0 seconds, was " + refresh);
    }
  }

  /**
   * The training settings these options give under {@code config}'s training budget.
   *
   * @throws ParameterException naming the option, if one is out of range
   */
  TrainingSettings settings(ServerConfig config, CommandLine cl) {
    PrivacyBudget budget = config.budgets().get(Purpose.TRAINING);
    double z;
    try {
      if (!model.equals("ials") && !model.equals("cooccurrence")) {
        throw new IllegalArgumentException("--model must be ials or cooccurrence, was " + model);
      }
      if (model.equals("cooccurrence")) {
        double combined =
            noiseMultiplier != null
                ? noiseMultiplier
                : NoiseCalibrator.noiseMultiplier(budget.epsilon(), budget.delta(), 1, 1)
                    * (1 + 1e-9);
        return TrainingSettings.cooccurrence(
                CooccurrenceConfig.defaults().withPopularityShare(popularityShare),
                PrivacySettings.distributed(1.0, combined, 0.8)
                    .withColludingFraction(colludingFraction),
                rules(1),
                population)
            .withPacing(pacing());
      }
      if (!(samplingRate > 0 && samplingRate <= 1)) {
        throw new IllegalArgumentException(
            "--sampling-rate must be in (0, 1], was " + samplingRate);
      }
      z =
          noiseMultiplier != null
              ? noiseMultiplier
              : NoiseCalibrator.noiseMultiplier(
                  budget.epsilon(), budget.delta(), samplingRate, TrainingSettings.DEFAULT_ROUNDS);
      return new TrainingSettings(
          FederatedConfig.defaults(),
          PrivacySettings.distributed(clip, z, 0.8).withColludingFraction(colludingFraction),
          rules(samplingRate),
          population,
          pacing());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(cl, e.getMessage());
    }
  }

  /** A round's rules at sampling rate {@code rate}: cohort, recruiting window, phases, quorum. */
  private RoundRules rules(double rate) {
    return new RoundRules(
            rate,
            minCohort,
            maxCohort,
            Duration.ofMillis((long) (recruitWindow * 1000)),
            Duration.ofMillis((long) (phaseTimeout * 1000)))
        .withQuorum(quorum, Duration.ofMillis((long) (idleGap * 1000)));
  }

  /** The pause between rounds and the back-off after rounds short of devices. */
  private RoundPacing pacing() {
    return new RoundPacing(
        seconds(roundInterval, "--round-interval"),
        seconds(shortfallBackoff, "--shortfall-backoff"),
        seconds(maxBackoff, "--max-backoff"));
  }

  private static Duration seconds(double value, String option) {
    if (!(value >= 0 && Double.isFinite(value))) {
      throw new IllegalArgumentException(option + " must be >= 0 seconds, was " + value);
    }
    return Duration.ofMillis((long) (value * 1000));
  }
}
