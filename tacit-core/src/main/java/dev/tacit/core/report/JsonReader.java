package dev.tacit.core.report;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small JSON reader for reports (RFC 8259; tacit-core has no dependencies), the counterpart of
 * {@link Json}: objects as ordered maps, arrays as lists, strings, numbers ({@code Long} without a
 * fraction or exponent, else {@code Double}), booleans and null. {@code NaN} and {@code Infinity}
 * are not JSON and are refused.
 */
final class JsonReader {
  /** How deep arrays and objects may nest: deeper input is refused, not a stack overflow. */
  static final int MAX_DEPTH = 512;

  private final String text;
  private int at;
  private int depth;

  private JsonReader(String text) {
    this.text = text;
  }

  /**
   * Reads one JSON value that fills {@code text}.
   *
   * @throws IllegalArgumentException naming the position, if {@code text} is not JSON
   */
  static Object read(String text) {
    JsonReader r = new JsonReader(text);
    r.skipSpace();
    Object value = r.value();
    r.skipSpace();
    if (r.at < text.length()) {
      throw r.error("unexpected text after the value");
    }
    return value;
  }

  private Object value() {
    if (at >= text.length()) {
      throw error("unexpected end of input");
    }
    char c = text.charAt(at);
    return switch (c) {
      case '{', '[' -> nested(c);
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", null);
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          yield number();
        }
        throw error("unexpected character '" + c + "'");
      }
    };
  }

  private Object nested(char open) {
    if (++depth > MAX_DEPTH) {
      throw error("arrays and objects nested deeper than " + MAX_DEPTH);
    }
    Object value = open == '{' ? object() : array();
    depth--;
    return value;
  }

  private Map<String, Object> object() {
    Map<String, Object> out = new LinkedHashMap<>();
    at++;
    skipSpace();
    if (peek() == '}') {
      at++;
      return out;
    }
    while (true) {
      skipSpace();
      if (peek() != '"') {
        throw error("expected a field name");
      }
      String key = string();
      skipSpace();
      expect(':');
      skipSpace();
      out.put(key, value());
      skipSpace();
      if (peek() == ',') {
        at++;
      } else {
        expect('}');
        return out;
      }
    }
  }

  private List<Object> array() {
    List<Object> out = new ArrayList<>();
    at++;
    skipSpace();
    if (peek() == ']') {
      at++;
      return out;
    }
    while (true) {
      skipSpace();
      out.add(value());
      skipSpace();
      if (peek() == ',') {
        at++;
      } else {
        expect(']');
        return out;
      }
    }
  }

  private String string() {
    at++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (at >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(at++);
      if (c == '"') {
        return sb.toString();
      }
      if (c < 0x20) {
        throw error("control character in a string");
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (at >= text.length()) {
        throw error("unterminated string");
      }
      char e = text.charAt(at++);
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          if (at + 4 > text.length()) {
            throw error("short \\u escape");
          }
          int code = 0;
          for (int i = 0; i < 4; i++) {
            int hex = Character.digit(text.charAt(at + i), 16);
            if (hex < 0 || text.charAt(at + i) > 'f') {
              throw error("bad \\u escape");
            }
            code = code * 16 + hex;
          }
          sb.append((char) code);
          at += 4;
        }
        default -> throw error("bad escape \\" + e);
      }
    }
  }

  private Object number() {
    int start = at;
    if (peek() == '-') {
      at++;
    }
    int digits = at;
    while (isDigit(peek())) {
      at++;
    }
    if (at == digits || (text.charAt(digits) == '0' && at - digits > 1)) {
      throw error("malformed number");
    }
    boolean integral = true;
    if (peek() == '.') {
      integral = false;
      at++;
      int fraction = at;
      while (isDigit(peek())) {
        at++;
      }
      if (at == fraction) {
        throw error("malformed number");
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      integral = false;
      at++;
      if (peek() == '+' || peek() == '-') {
        at++;
      }
      int exponent = at;
      while (isDigit(peek())) {
        at++;
      }
      if (at == exponent) {
        throw error("malformed number");
      }
    }
    String n = text.substring(start, at);
    if (integral) {
      BigInteger big = new BigInteger(n);
      if (big.bitLength() < 64) {
        return big.longValue();
      }
      return big.doubleValue();
    }
    return Double.parseDouble(n);
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, at)) {
      throw error("unexpected character '" + text.charAt(at) + "'");
    }
    at += word.length();
    return value;
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    at++;
  }

  /** An ASCII digit: JSON numbers have no other. */
  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private char peek() {
    return at < text.length() ? text.charAt(at) : '\0';
  }

  private void skipSpace() {
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      at++;
    }
  }

  private IllegalArgumentException error(String why) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < Math.min(at, text.length()); i++) {
      if (text.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new IllegalArgumentException(
        String.format(Locale.ROOT, "%s at line %d, column %d", why, line, column));
  }
}
