package dev.tacit.client.server;

/**
 * Bytes a connection moved, measured where it meets the wire.
 *
 * @param sent bytes written: request lines, headers and bodies
 * @param received bytes read: status lines, headers and bodies as they arrived
 */
public record Traffic(long sent, long received) {
  /** No bytes either way. */
  public static final Traffic NONE = new Traffic(0, 0);

  /** Validates the counts. */
  public Traffic {
    if (sent < 0 || received < 0) {
      throw new IllegalArgumentException(
          "byte counts must be >= 0, were sent " + sent + " and received " + received);
    }
  }

  /** The sum of this and {@code other}. */
  public Traffic plus(Traffic other) {
    return new Traffic(sent + other.sent, received + other.received);
  }
}
