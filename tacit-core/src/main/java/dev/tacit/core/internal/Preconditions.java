package dev.tacit.core.internal;

/** Argument checks whose messages name the value and the rule. */
public final class Preconditions {
  private Preconditions() {}

  /** Throws {@link IllegalArgumentException} with the formatted message unless {@code ok}. */
  public static void require(boolean ok, String format, Object... args) {
    if (!ok) {
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, format, args));
    }
  }

  /** Requires {@code value > 0}, naming it in the message. */
  public static int positive(int value, String name) {
    require(value > 0, "%s must be > 0, was %d", name, value);
    return value;
  }

  /** Requires {@code value >= 0}, naming it in the message. */
  public static int nonNegative(int value, String name) {
    require(value >= 0, "%s must be >= 0, was %d", name, value);
    return value;
  }

  /** Requires {@code value > 0} and finite, naming it in the message. */
  public static double positive(double value, String name) {
    require(value > 0 && Double.isFinite(value), "%s must be > 0 and finite, was %s", name, value);
    return value;
  }

  /** Requires {@code value >= 0} and finite, naming it in the message. */
  public static double nonNegative(double value, String name) {
    require(
        value >= 0 && Double.isFinite(value), "%s must be >= 0 and finite, was %s", name, value);
    return value;
  }

  /** Requires {@code lo < value < hi}, naming it in the message. */
  public static double openInterval(double value, double lo, double hi, String name) {
    require(value > lo && value < hi, "%s must be in (%s, %s), was %s", name, lo, hi, value);
    return value;
  }
}
