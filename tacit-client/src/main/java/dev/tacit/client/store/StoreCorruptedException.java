package dev.tacit.client.store;

/** The store's files were modified, truncated or cannot be unwrapped: nothing was read. */
public final class StoreCorruptedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** An exception with the given message. */
  public StoreCorruptedException(String message) {
    super(message);
  }

  /** An exception with the given message and cause. */
  public StoreCorruptedException(String message, Throwable cause) {
    super(message, cause);
  }
}
