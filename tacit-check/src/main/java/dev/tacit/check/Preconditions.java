package dev.tacit.check;

import java.util.Locale;

/**
 * Argument and state checks whose messages name the value and the rule (after Google DP's {@code
 * DpPreconditions} and Guava's {@code Preconditions}). Each check returns the value it accepted so
 * that it reads as an assignment: {@code this.epsilon = checkPositive(epsilon, "epsilon")}.
 *
 * <p>Formatted messages use {@link String#format} with {@link Locale#ROOT}; the format is only
 * applied when the check fails, so a check costs nothing but the comparison on the happy path.
 */
public final class Preconditions {
  private Preconditions() {}

  /**
   * Throws {@link IllegalArgumentException} with {@code message} unless {@code condition}.
   *
   * @throws IllegalArgumentException if {@code condition} is false
   */
  public static void checkArgument(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /**
   * Throws {@link IllegalArgumentException} with the formatted message unless {@code condition}.
   *
   * @throws IllegalArgumentException if {@code condition} is false
   */
  public static void checkArgument(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, format, args));
    }
  }

  /**
   * Throws {@link IllegalStateException} with {@code message} unless {@code condition}.
   *
   * @throws IllegalStateException if {@code condition} is false
   */
  public static void checkState(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }

  /**
   * Throws {@link IllegalStateException} with the formatted message unless {@code condition}.
   *
   * @throws IllegalStateException if {@code condition} is false
   */
  public static void checkState(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new IllegalStateException(String.format(Locale.ROOT, format, args));
    }
  }

  /**
   * Returns {@code value}, or throws a {@link NullPointerException} naming it.
   *
   * @throws NullPointerException if {@code value} is null
   */
  public static <T> T checkNotNull(T value, String name) {
    if (value == null) {
      throw new NullPointerException(name + " must not be null");
    }
    return value;
  }

  /**
   * Returns {@code value} if it is {@code > 0}.
   *
   * @throws IllegalArgumentException naming {@code name} otherwise
   */
  public static int checkPositive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, was " + value);
    }
    return value;
  }

  /**
   * Returns {@code value} if it is {@code >= 0}.
   *
   * @throws IllegalArgumentException naming {@code name} otherwise
   */
  public static int checkNonNegative(int value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, was " + value);
    }
    return value;
  }

  /**
   * Returns {@code value} if it is {@code >= min}.
   *
   * @throws IllegalArgumentException naming {@code name} otherwise
   */
  public static long checkAtLeast(long value, long min, String name) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
    }
    return value;
  }

  /**
   * Returns {@code value} if it is finite and {@code > 0}.
   *
   * @throws IllegalArgumentException naming {@code name} otherwise (also for NaN)
   */
  public static double checkPositive(double value, String name) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be > 0 and finite, was " + value);
    }
    return value;
  }

  /**
   * Returns {@code value} if it is finite and {@code >= 0}.
   *
   * @throws IllegalArgumentException naming {@code name} otherwise (also for NaN)
   */
  public static double checkNonNegative(double value, String name) {
    if (!(value >= 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be >= 0 and finite, was " + value);
    }
    return value;
  }

  /**
   * Returns {@code value} if {@code lo < value < hi}.
   *
   * @throws IllegalArgumentException naming {@code name} and the bounds otherwise (also for NaN)
   */
  public static double checkOpenInterval(double value, double lo, double hi, String name) {
    if (!(value > lo && value < hi)) {
      throw new IllegalArgumentException(
          name + " must be in (" + lo + ", " + hi + "), was " + value);
    }
    return value;
  }

  /**
   * Returns {@code value} if it lies in the open interval (0, 1), such as a δ.
   *
   * @throws IllegalArgumentException naming {@code name} otherwise (also for NaN)
   */
  public static double checkOpenUnit(double value, String name) {
    if (!(value > 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must be in (0, 1), was " + value);
    }
    return value;
  }

  /**
   * Returns {@code value} if it lies in the half-open interval (0, 1], such as a sampling rate.
   *
   * @throws IllegalArgumentException naming {@code name} otherwise (also for NaN)
   */
  public static double checkRate(double value, String name) {
    if (!(value > 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be in (0, 1], was " + value);
    }
    return value;
  }

  /**
   * Returns {@code value} if it is a positive, finite, normal power of two.
   *
   * @throws IllegalArgumentException naming {@code name} otherwise
   */
  public static double checkPowerOfTwo(double value, String name) {
    checkPositive(value, name);
    if (Math.getExponent(value) < Double.MIN_EXPONENT
        || value != Math.scalb(1.0, Math.getExponent(value))) {
      throw new IllegalArgumentException(name + " must be a power of two, was " + value);
    }
    return value;
  }

  /**
   * Returns a copy of {@code bytes} after checking its length.
   *
   * @throws NullPointerException if {@code bytes} is null
   * @throws IllegalArgumentException if its length differs from {@code length}
   */
  public static byte[] copyOfLength(byte[] bytes, int length, String name) {
    checkNotNull(bytes, name);
    if (bytes.length != length) {
      throw new IllegalArgumentException(
          name + " must be " + length + " bytes long, was " + bytes.length);
    }
    return bytes.clone();
  }
}
