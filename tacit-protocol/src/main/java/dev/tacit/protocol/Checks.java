package dev.tacit.protocol;

import java.util.List;
import java.util.regex.Pattern;

/** The preconditions of the wire messages: each failure names the field and the rule. */
final class Checks {
  /** Identifiers: letters, digits and {@code . _ : -}, no spaces, so no free text. */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]+");

  private Checks() {}

  static <T> T present(T value, String field) {
    if (value == null) {
      throw new ProtocolException(field + " is required, was null");
    }
    return value;
  }

  static String id(String value, String field, int maxLength) {
    present(value, field);
    if (value.isEmpty() || value.length() > maxLength || !ID.matcher(value).matches()) {
      throw new ProtocolException(
          field
              + " must be 1 to "
              + maxLength
              + " characters from [A-Za-z0-9._:-], was \""
              + printable(value)
              + "\"");
    }
    return value;
  }

  static double finite(double value, String field) {
    if (!Double.isFinite(value)) {
      throw new ProtocolException(field + " must be finite, was " + value);
    }
    return value;
  }

  static double nonNegative(double value, String field) {
    if (!(value >= 0 && Double.isFinite(value))) {
      throw new ProtocolException(field + " must be >= 0 and finite, was " + value);
    }
    return value;
  }

  static double positive(double value, String field) {
    if (!(value > 0 && Double.isFinite(value))) {
      throw new ProtocolException(field + " must be > 0 and finite, was " + value);
    }
    return value;
  }

  static long atLeast(long value, long min, String field) {
    if (value < min) {
      throw new ProtocolException(field + " must be >= " + min + ", was " + value);
    }
    return value;
  }

  static <T> List<T> list(List<T> value, String field) {
    present(value, field);
    for (int i = 0; i < value.size(); i++) {
      if (value.get(i) == null) {
        throw new ProtocolException(field + "[" + i + "] is required, was null");
      }
    }
    return List.copyOf(value);
  }

  static byte[] bytes(byte[] value, String field, int minLength, int maxLength) {
    present(value, field);
    if (value.length < minLength || value.length > maxLength) {
      throw new ProtocolException(
          field
              + (minLength == maxLength
                  ? " must be " + minLength + " bytes"
                  : " must be " + minLength + " to " + maxLength + " bytes")
              + ", was "
              + value.length);
    }
    return value.clone();
  }

  static void require(boolean ok, String message) {
    if (!ok) {
      throw new ProtocolException(message);
    }
  }

  private static String printable(String s) {
    String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
