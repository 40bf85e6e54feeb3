package dev.tacit.federated.server.round;

import java.util.Locale;

/** Where a round ({@link RoundSession}) is. */
public enum SessionStatus {
  /** Devices check in and are sampled. */
  RECRUITING,
  /** SecAgg+ round 0: devices advertise their public keys. */
  ADVERTISING,
  /** SecAgg+ round 1: devices send encrypted shares. */
  SHARING,
  /** SecAgg+ round 2: devices send masked inputs. */
  MASKING,
  /** SecAgg+ round 3: devices reveal shares so the server can remove the masks. */
  UNMASKING,
  /** The sum was released and the model stepped. */
  COMPLETED,
  /** The round ended without a model: nothing was released if it ended before unmasking. */
  ABORTED,
  /**
   * The sum was released (and charged) but was larger than honest devices can produce ({@link
   * dev.tacit.federated.server.SumCheck}): no model was published.
   */
  REJECTED;

  /** Whether the round is over. */
  public boolean isOver() {
    return this == COMPLETED || this == ABORTED || this == REJECTED;
  }

  /** The lower-case name used on the wire and in the database. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
