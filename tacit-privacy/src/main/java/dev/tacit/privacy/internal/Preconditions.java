package dev.tacit.privacy.internal;

/** Argument checks whose messages name the value and the rule. */
public final class Preconditions {
  private Preconditions() {}

  /** Throws unless {@code value} is finite and strictly positive. */
  public static double checkPositive(double value, String name) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be > 0 and finite, was " + value);
    }
    return value;
  }

  /** Throws unless {@code value} is finite and not negative. */
  public static double checkNonNegative(double value, String name) {
    if (!(value >= 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be >= 0 and finite, was " + value);
    }
    return value;
  }

  /** Throws unless {@code value} lies in the open interval (0, 1). */
  public static double checkOpenUnit(double value, String name) {
    if (!(value > 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must be in (0, 1), was " + value);
    }
    return value;
  }

  /** Throws unless {@code value} lies in the half-open interval (0, 1]. */
  public static double checkRate(double value, String name) {
    if (!(value > 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be in (0, 1], was " + value);
    }
    return value;
  }

  /** Throws unless {@code value >= min}. */
  public static long checkAtLeast(long value, long min, String name) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
    }
    return value;
  }

  /** Throws unless {@code value} is a positive, finite power of two. */
  public static double checkPowerOfTwo(double value, String name) {
    checkPositive(value, name);
    if (Math.getExponent(value) < Double.MIN_EXPONENT
        || value != Math.scalb(1.0, Math.getExponent(value))) {
      throw new IllegalArgumentException(name + " must be a power of two, was " + value);
    }
    return value;
  }

  /** Throws {@link IllegalArgumentException} with {@code message} unless {@code condition}. */
  public static void checkArgument(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Throws {@link NullPointerException} naming {@code name} if {@code value} is null. */
  public static <T> T checkNotNull(T value, String name) {
    if (value == null) {
      throw new NullPointerException(name + " must not be null");
    }
    return value;
  }
}
