package dev.tacit.client;

/**
 * What {@code participate} did.
 *
 * @param status the outcome
 * @param round the round contributed to, or 0
 * @param detail a sentence for a person
 */
public record ParticipationResult(Status status, long round, String detail) {
  /** The outcomes. */
  public enum Status {
    /** Nothing was sent: no consent, no server, or the policy forbade it now. */
    SKIPPED,
    /** The server had no round for this device: try again later. */
    RETRY_LATER,
    /** An update was computed and uploaded. */
    CONTRIBUTED,
    /** Something went wrong; nothing about the user was sent. */
    FAILED
  }

  static ParticipationResult skipped(String detail) {
    return new ParticipationResult(Status.SKIPPED, 0, detail);
  }
}
