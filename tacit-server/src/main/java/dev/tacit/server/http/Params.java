package dev.tacit.server.http;

import java.util.OptionalLong;

/**
 * Path and query parameters read as numbers without an exception: each route turns an empty answer
 * into its own 400 that names the parameter and its rule.
 */
public final class Params {
  private Params() {}

  /**
   * {@code text} as a decimal long (as {@link Long#parseLong} reads it) in {@code [min, max]}, or
   * empty if it is not one.
   */
  public static OptionalLong longIn(String text, long min, long max) {
    if (text == null) {
      return OptionalLong.empty();
    }
    long v;
    try {
      v = Long.parseLong(text);
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
    return v >= min && v <= max ? OptionalLong.of(v) : OptionalLong.empty();
  }
}
