package dev.tacit.client.server;

import dev.tacit.protocol.ErrorMessage;

/** The server refused a request; carries its {@link ErrorMessage}. */
public final class ServerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The server's error code. */
  private final String code;

  /** An exception for the server's error. */
  public ServerException(ErrorMessage error) {
    super(error.error() + ": " + error.message());
    this.code = error.error();
  }

  /** The server's error code, such as {@code unauthorized}. */
  public String code() {
    return code;
  }
}
