package dev.tacit.server.rounds;

import dev.tacit.federated.round.RoundException;
import dev.tacit.federated.server.round.RoundSession;
import dev.tacit.protocol.RoundStatus;
import dev.tacit.server.store.RoundStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The sessions of the last few rounds this process ran, for the devices' phase messages, and the
 * public status of any round: from its session while it runs, else from the {@code rounds} table.
 * Thread-safe.
 */
final class RecentRounds {
  private static final int KEEP = 4;

  private final RoundStore store;
  private final Map<Long, RoundSession> sessions =
      new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, RoundSession> e) {
          return size() > KEEP;
        }
      };

  RecentRounds(RoundStore store) {
    this.store = store;
  }

  /** A round opened. */
  synchronized void opened(RoundSession s) {
    sessions.put(s.round(), s);
  }

  /**
   * The session of {@code round}, for a device's phase message.
   *
   * @throws RoundException WRONG_PHASE if the round is unknown or long over
   */
  synchronized RoundSession session(long round) {
    RoundSession s = sessions.get(round);
    if (s == null) {
      throw new RoundException(
          RoundException.Kind.WRONG_PHASE,
          "round " + round + " is not running on this server (it ended, or never started)");
    }
    return s;
  }

  /** The public status of a round, from memory or the database. */
  Optional<RoundStatus> status(long round) {
    RoundSession s;
    synchronized (this) {
      s = sessions.get(round);
    }
    if (s != null && !s.status().isOver()) {
      return Optional.of(
          new RoundStatus(
              round, s.status().wireName(), s.modelVersion(), s.cohortSize(), 0, null, ""));
    }
    return store
        .round(round)
        .map(
            r ->
                new RoundStatus(
                    r.round(),
                    r.status().wireName(),
                    r.modelVersion(),
                    r.cohort(),
                    r.survivors(),
                    r.resultVersion(),
                    r.note()));
  }
}
