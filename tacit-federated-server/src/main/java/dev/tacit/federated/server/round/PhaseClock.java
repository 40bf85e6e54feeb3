package dev.tacit.federated.server.round;

import java.util.function.IntPredicate;

/**
 * When a round's current phase closes: at its deadline, or early once it is quorate, quiet and
 * viable ({@link #due}). Measures time on the session's {@link Ticker}. Not thread-safe: the
 * session calls it under its lock.
 */
final class PhaseClock {
  /** Neighbours beyond the threshold an early close keeps for later phases' dropouts. */
  static final int EARLY_CLOSE_MARGIN = 1;

  /** Idle gaps a quorate phase waits before closing without {@link #EARLY_CLOSE_MARGIN}. */
  static final int PATIENCE = 10;

  private final Ticker ticker;
  private final RoundRules rules;
  private long deadline;
  private long lastMessage;
  private long phaseStart;
  private long quorumAt = -1;

  /** A clock whose first deadline closes recruiting after the rules' recruiting window. */
  PhaseClock(Ticker ticker, RoundRules rules) {
    this.ticker = ticker;
    this.rules = rules;
    this.deadline = ticker.read() + rules.recruitWindow().toNanos();
  }

  /** A SecAgg+ phase starts now: its deadline is the rules' phase timeout from now. */
  void enter() {
    lastMessage = ticker.read();
    phaseStart = lastMessage;
    quorumAt = -1;
    deadline = lastMessage + rules.phaseTimeout().toNanos();
  }

  /**
   * A message of the phase arrived; {@code quorate} tells whether the phase has reached the rules'
   * quorum with it. The first such message marks when the quorum arrived.
   */
  void received(boolean quorate) {
    lastMessage = ticker.read();
    if (quorumAt < 0 && quorate) {
      quorumAt = lastMessage;
    }
  }

  /**
   * Whether the phase should close now: its deadline has passed, or, outside recruiting, it has
   * reached the rules' quorum, has been quiet for their idle gap, has given its stragglers half as
   * long again as the quorum took to arrive (a loaded server or a cold start slows every device,
   * not only the dropouts), and {@code viable} holds with a margin of {@link #EARLY_CLOSE_MARGIN}
   * neighbours (0 in the last phase), or, after {@link #PATIENCE} idle gaps, with none.
   *
   * @param lastPhase whether this is the last phase, where no later dropout needs a spare
   * @param viable whether closing now leaves every neighbourhood its threshold plus the margin
   */
  boolean due(boolean recruiting, boolean lastPhase, IntPredicate viable) {
    long now = ticker.read();
    if (now - deadline >= 0) {
      return true;
    }
    if (recruiting || rules.quorum() >= 1 || quorumAt < 0) {
      return false;
    }
    long quiet = now - lastMessage;
    long idle = rules.idleGap().toNanos();
    return now - quorumAt >= (quorumAt - phaseStart) / 2
        && quiet >= idle
        && (viable.test(lastPhase ? 0 : EARLY_CLOSE_MARGIN)
            || (quiet >= PATIENCE * idle && viable.test(0)));
  }
}
