package dev.tacit.federated.server.round;

import java.time.Duration;

/**
 * How the coordinator recruits and times a round.
 *
 * @param samplingRate q: each device that checks in while the round recruits is selected
 *     independently with this probability (Poisson sampling, the accountant's assumption), in (0,
 *     1]
 * @param minCohort the fewest devices a round runs with (at least 3, the least SecAgg+ allows);
 *     fewer, and the round is aborted before any key is exchanged
 * @param maxCohort the most devices a round recruits; recruiting closes when it is reached
 * @param recruitWindow how long recruiting stays open (it closes earlier when every eligible device
 *     has checked in)
 * @param phaseTimeout how long each SecAgg+ phase waits for devices; those that have not answered
 *     by then are dropouts
 * @param quorum a phase may close before its deadline once this fraction of its devices has sent
 *     and nothing has arrived for {@code idleGap} (1: wait for every device or the deadline)
 * @param idleGap the quiet time after which a phase that reached its quorum closes
 */
public record RoundRules(
    double samplingRate,
    int minCohort,
    int maxCohort,
    Duration recruitWindow,
    Duration phaseTimeout,
    double quorum,
    Duration idleGap) {
  /** Validates the rules. */
  public RoundRules {
    if (!(samplingRate > 0 && samplingRate <= 1)) {
      throw new IllegalArgumentException("samplingRate must be in (0, 1], was " + samplingRate);
    }
    if (minCohort < 3) {
      throw new IllegalArgumentException(
          "minCohort must be >= 3 (SecAgg+ needs three devices), was " + minCohort);
    }
    if (maxCohort < minCohort || maxCohort > 100_000) {
      throw new IllegalArgumentException(
          "maxCohort must be in [minCohort = " + minCohort + ", 100000], was " + maxCohort);
    }
    if (recruitWindow == null || recruitWindow.isNegative() || recruitWindow.isZero()) {
      throw new IllegalArgumentException("recruitWindow must be positive, was " + recruitWindow);
    }
    if (phaseTimeout == null || phaseTimeout.isNegative() || phaseTimeout.isZero()) {
      throw new IllegalArgumentException("phaseTimeout must be positive, was " + phaseTimeout);
    }
    if (!(quorum > 0 && quorum <= 1)) {
      throw new IllegalArgumentException("quorum must be in (0, 1], was " + quorum);
    }
    if (idleGap == null || idleGap.isNegative() || idleGap.isZero()) {
      throw new IllegalArgumentException("idleGap must be positive, was " + idleGap);
    }
  }

  /** Rules that wait for every device of a phase, or its deadline. */
  public RoundRules(
      double samplingRate,
      int minCohort,
      int maxCohort,
      Duration recruitWindow,
      Duration phaseTimeout) {
    this(samplingRate, minCohort, maxCohort, recruitWindow, phaseTimeout, 1.0, phaseTimeout);
  }

  /** A copy whose phases close early once {@code quorum} has sent and {@code idleGap} passed. */
  public RoundRules withQuorum(double quorum, Duration idleGap) {
    return new RoundRules(
        samplingRate, minCohort, maxCohort, recruitWindow, phaseTimeout, quorum, idleGap);
  }

  /** Defaults for a deployment: q = 0.1, cohorts of 10 to 10,000, 60 s to recruit, 60 s a phase. */
  public static RoundRules defaults() {
    return new RoundRules(0.1, 10, 10_000, Duration.ofSeconds(60), Duration.ofSeconds(60));
  }
}
