package dev.tacit.federated.server.round;

/** Told of every change of status, under the {@link RoundSession}'s lock (keep it short). */
@FunctionalInterface
public interface RoundListener {
  /** The session moved to a new status. */
  void changed(RoundSession session);
}
