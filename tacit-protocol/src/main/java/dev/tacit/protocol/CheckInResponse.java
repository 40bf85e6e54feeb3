package dev.tacit.protocol;

/**
 * The server's answer to a check-in: exactly one of an assignment to the open round, or the number
 * of seconds to wait before checking in again.
 *
 * @param assignment the round plan, or null
 * @param retryAfterSeconds seconds to wait, or null when there is an assignment
 */
public record CheckInResponse(RoundAssignment assignment, Long retryAfterSeconds) {
  /** Validates that exactly one of the two is given. */
  public CheckInResponse {
    Checks.require(
        (assignment == null) != (retryAfterSeconds == null),
        "exactly one of assignment and retryAfterSeconds must be given, were "
            + assignment
            + " and "
            + retryAfterSeconds);
    if (retryAfterSeconds != null) {
      Checks.atLeast(retryAfterSeconds, 1, "retryAfterSeconds");
    }
  }

  /** An assignment. */
  public static CheckInResponse assigned(RoundAssignment assignment) {
    return new CheckInResponse(Checks.present(assignment, "assignment"), null);
  }

  /** No round for this device now: try again after the given seconds. */
  public static CheckInResponse retryAfter(long seconds) {
    return new CheckInResponse(null, seconds);
  }
}
