package dev.tacit.secagg;

/**
 * Thrown when a session aborts: too few clients remain for the threshold, or the secrets needed to
 * unmask cannot be reconstructed. The server then releases no sum.
 */
public final class SecAggAbortedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Phase phase;
  private final String reason;

  /** An abort in {@code phase} for {@code reason}. */
  public SecAggAbortedException(String sessionId, Phase phase, String reason) {
    super("session " + sessionId + " aborted in phase " + phase + ": " + reason);
    this.phase = phase;
    this.reason = reason;
  }

  /** The phase whose end could not be reached. */
  public Phase phase() {
    return phase;
  }

  /** Why the session aborted. */
  public String reason() {
    return reason;
  }
}
