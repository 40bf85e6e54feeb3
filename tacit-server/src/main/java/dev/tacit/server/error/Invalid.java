package dev.tacit.server.error;

import java.util.Locale;
import java.util.Objects;

/**
 * An argument the server refuses (answered 400 with the {@link Kind}'s code), with a message that
 * names the value and the rule.
 */
public final class Invalid extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** What was invalid. */
  public enum Kind {
    /** A request's value. */
    REQUEST("invalid_request"),
    /** The operator's reason for an action. */
    REASON("invalid_reason"),
    /** A simulation or evaluation report. */
    REPORT("invalid_report");

    private final String code;

    Kind(String code) {
      this.code = code;
    }

    /** The error code of the answer. */
    public String code() {
      return code;
    }
  }

  private final Kind kind;

  /** An invalid argument of {@code kind}, described by {@code message}. */
  public Invalid(Kind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /** An invalid argument of {@code kind}, described by {@code message}, with its cause. */
  public Invalid(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /**
   * Throws an {@link Invalid} of {@code kind} with {@code message} unless {@code condition}.
   *
   * @throws Invalid if {@code condition} is false
   */
  public static void check(boolean condition, Kind kind, String message) {
    if (!condition) {
      throw new Invalid(kind, message);
    }
  }

  /**
   * Throws an {@link Invalid} of {@code kind} with the message {@code String.format(Locale.ROOT,
   * format, args)} unless {@code condition}.
   *
   * @throws Invalid if {@code condition} is false
   */
  public static void check(boolean condition, Kind kind, String format, Object... args) {
    if (!condition) {
      throw new Invalid(kind, String.format(Locale.ROOT, format, args));
    }
  }

  /** What was invalid. */
  public Kind kind() {
    return kind;
  }
}
