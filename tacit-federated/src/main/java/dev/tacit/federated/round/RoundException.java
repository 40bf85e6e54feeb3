package dev.tacit.federated.round;

/**
 * A device's message that the round cannot accept, with the reason a transport maps to a status.
 */
public final class RoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the message was refused. */
  public enum Kind {
    /** The message is malformed or inconsistent with the session (HTTP 400). */
    INVALID,
    /** The device is not (or no longer) a member of the round or of this phase (HTTP 403). */
    NOT_MEMBER,
    /**
     * The round is in another phase than the message belongs to, or it is not running (HTTP 409
     * {@code wrong_phase}).
     */
    WRONG_PHASE,
    /** The device sent this phase's message before: a replay (HTTP 409 {@code replay}). */
    REPLAY,
    /** The round was aborted (HTTP 409). */
    ABORTED,
    /** What was asked for is not ready yet; ask again (HTTP 202). */
    NOT_READY,
    /** The device withdrew its training consent during the round: it is a dropout (HTTP 403). */
    WITHDRAWN
  }

  private final Kind kind;

  /** An exception of {@code kind}. */
  public RoundException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  /** An exception of {@code kind} with a cause. */
  public RoundException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** Why. */
  public Kind kind() {
    return kind;
  }
}
