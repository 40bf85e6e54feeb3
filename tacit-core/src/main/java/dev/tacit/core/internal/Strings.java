package dev.tacit.core.internal;

/**
 * The {@code String} methods of Java 11 that Android API 26 lacks, with the same results: blank and
 * strip by {@link Character#isWhitespace(int)}, repeat by concatenation.
 */
public final class Strings {
  private Strings() {}

  /** Whether {@code s} is empty or only whitespace, as {@code String.isBlank()}. */
  public static boolean isBlank(String s) {
    return s.codePoints().allMatch(Character::isWhitespace);
  }

  /** {@code s} without leading and trailing whitespace, as {@code String.strip()}. */
  public static String strip(String s) {
    return stripTrailing(s.substring(leadingWhitespace(s)));
  }

  /** {@code s} without trailing whitespace, as {@code String.stripTrailing()}. */
  public static String stripTrailing(String s) {
    int end = s.length();
    while (end > 0) {
      int c = s.codePointBefore(end);
      if (!Character.isWhitespace(c)) {
        break;
      }
      end -= Character.charCount(c);
    }
    return s.substring(0, end);
  }

  /** {@code s} repeated {@code count} times, as {@code String.repeat(int)}. */
  public static String repeat(String s, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count is negative: " + count);
    }
    StringBuilder sb = new StringBuilder(s.length() * count);
    for (int i = 0; i < count; i++) {
      sb.append(s);
    }
    return sb.toString();
  }

  private static int leadingWhitespace(String s) {
    int i = 0;
    while (i < s.length()) {
      int c = s.codePointAt(i);
      if (!Character.isWhitespace(c)) {
        break;
      }
      i += Character.charCount(c);
    }
    return i;
  }
}
