package dev.tacit.federated.server.round;

/** A device's answer at check-in ({@link RoundSession#checkIn}). */
public enum CheckInDecision {
  /** The device is in the cohort. */
  SELECTED,
  /** The device was not sampled for this round. */
  NOT_SELECTED,
  /** The round no longer recruits. */
  CLOSED
}
