package dev.tacit.protocol;

/**
 * An error as the server sends it: {@code { "error": code, "message": text }}.
 *
 * @param error a stable machine-readable code such as {@code invalid_request}
 * @param message a sentence for a person
 */
public record ErrorMessage(String error, String message) {
  /** Validates the error. */
  public ErrorMessage {
    Checks.id(error, "error", 64);
    Checks.present(message, "message");
  }
}
