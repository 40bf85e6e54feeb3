package dev.tacit.protocol;

/** A message or frame that does not follow the protocol; the message names what is wrong. */
public final class ProtocolException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** An exception with the given message. */
  public ProtocolException(String message) {
    super(message);
  }

  /** An exception with the given message and cause. */
  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
