package dev.tacit.server.rounds;

import dev.tacit.federated.server.round.RoundRules;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the next round may open, in epoch milliseconds of the server's clock: the pacing's minimum
 * interval after a round opens, and its back-off after rounds in a row that were short of devices
 * ({@link RoundPacing}). Thread-safe.
 */
final class RoundPace {
  private static final Logger LOG = LoggerFactory.getLogger(RoundPace.class);

  private final RoundPacing pacing;
  private final AtomicLong nextOpenAt = new AtomicLong(Long.MIN_VALUE);

  /** Rounds in a row that aborted because too few devices were recruited. */
  private final AtomicInteger shortfalls = new AtomicInteger();

  RoundPace(RoundPacing pacing) {
    this.pacing = pacing;
  }

  /** How many seconds a device should wait before a round may open, or 0 if one may now. */
  long secondsToWait(long now) {
    long openAt = nextOpenAt.get();
    return now < openAt ? Math.max(1, (openAt - now + 999) / 1000) : 0;
  }

  /**
   * Whether {@code grants} devices with training consent are enough for a round under {@code
   * rules}: their number times q at least the minimum cohort (the expected cohort if all of them
   * checked in). If not, opening would only end in an abort, and none opens for the minimum
   * interval (at least a second).
   */
  boolean enoughConsent(long now, long grants, RoundRules rules) {
    if (grants * rules.samplingRate() >= rules.minCohort()) {
      return true;
    }
    holdUntil(now + Math.max(pacing.minInterval().toMillis(), 1000));
    LOG.debug(
        "event=round status=not_opened grants={} q={} min_cohort={}",
        grants,
        rules.samplingRate(),
        rules.minCohort());
    return false;
  }

  /** A round opened at {@code now}: the next waits the minimum interval. */
  void opened(long now) {
    nextOpenAt.set(now + pacing.minInterval().toMillis());
  }

  private void holdUntil(long openAt) {
    nextOpenAt.set(openAt);
  }

  /** A round recruited its cohort: the back-off starts again from nothing. */
  void recruited() {
    shortfalls.set(0);
  }

  /** A round aborted at {@code now} short of devices: the next waits the growing back-off. */
  void shortOfDevices(long now) {
    Duration wait = pacing.backoffAfter(shortfalls.incrementAndGet());
    nextOpenAt.accumulateAndGet(now + wait.toMillis(), Math::max);
  }
}
