package dev.tacit.federated.server.round;

/**
 * A part of the session found, while a phase closed, that the round must abort; the message is the
 * round's note. Checked, so that the session does not take it for a failure of SecAgg+.
 */
final class AbortRoundException extends Exception {
  private static final long serialVersionUID = 1L;

  AbortRoundException(String note) {
    super(note);
  }
}
