package dev.tacit.client;

/** Thrown inside a round when the user withdrew {@code training}: the round stops sending. */
final class TrainingWithdrawnException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  TrainingWithdrawnException() {
    super("training was withdrawn", null, false, false);
  }
}
