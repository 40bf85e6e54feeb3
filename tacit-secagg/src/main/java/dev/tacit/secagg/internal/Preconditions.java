package dev.tacit.secagg.internal;

import java.util.Objects;

/** Argument and state checks whose messages name the value and the rule. */
public final class Preconditions {
  private Preconditions() {}

  /**
   * Throws {@link IllegalArgumentException} with a formatted message unless {@code condition}.
   *
   * @throws IllegalArgumentException if {@code condition} is false
   */
  public static void checkArgument(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new IllegalArgumentException(String.format(format, args));
    }
  }

  /**
   * Throws {@link IllegalStateException} with a formatted message unless {@code condition}.
   *
   * @throws IllegalStateException if {@code condition} is false
   */
  public static void checkState(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new IllegalStateException(String.format(format, args));
    }
  }

  /**
   * Returns {@code value}, or throws a {@link NullPointerException} naming it.
   *
   * @throws NullPointerException if {@code value} is null
   */
  public static <T> T checkNotNull(T value, String name) {
    return Objects.requireNonNull(value, () -> name + " must not be null");
  }

  /**
   * Returns a copy of {@code bytes} after checking its length.
   *
   * @throws IllegalArgumentException if the length differs from {@code length}
   */
  public static byte[] copyOfLength(byte[] bytes, int length, String name) {
    checkNotNull(bytes, name);
    checkArgument(
        bytes.length == length, "%s must be %d bytes long, was %d", name, length, bytes.length);
    return bytes.clone();
  }
}
