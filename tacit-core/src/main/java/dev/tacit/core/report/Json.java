package dev.tacit.core.report;

import dev.tacit.core.internal.Strings;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * A small JSON writer for reports (tacit-core has no dependencies): maps, collections, arrays,
 * strings, numbers, booleans and null. Non-finite numbers are written as {@code null}.
 */
public final class Json {
  private Json() {}

  /** Writes {@code value} as indented JSON. */
  public static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, 0);
    return sb.append('\n').toString();
  }

  private static void indent(StringBuilder sb, int level) {
    sb.append('\n');
    sb.append(Strings.repeat("  ", level));
  }

  private static void write(StringBuilder sb, Object v, int level) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String s) {
      string(sb, s);
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      sb.append(Double.isFinite(d) ? number(d) : "null");
    } else if (v instanceof Number || v instanceof Boolean) {
      sb.append(v);
    } else if (v instanceof Map<?, ?> m) {
      if (m.isEmpty()) {
        sb.append("{}");
        return;
      }
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        indent(sb, level + 1);
        string(sb, String.valueOf(e.getKey()));
        sb.append(": ");
        write(sb, e.getValue(), level + 1);
      }
      indent(sb, level);
      sb.append('}');
    } else if (v instanceof Collection<?> c) {
      array(sb, c.toArray(), level);
    } else if (v instanceof double[] a) {
      Object[] o = new Object[a.length];
      for (int i = 0; i < a.length; i++) {
        o[i] = a[i];
      }
      inlineArray(sb, o);
    } else if (v instanceof int[] a) {
      Object[] o = new Object[a.length];
      for (int i = 0; i < a.length; i++) {
        o[i] = a[i];
      }
      inlineArray(sb, o);
    } else if (v instanceof Object[] a) {
      array(sb, a, level);
    } else if (v instanceof Enum<?> e) {
      string(sb, e.name().toLowerCase(Locale.ROOT));
    } else {
      string(sb, v.toString());
    }
  }

  private static void inlineArray(StringBuilder sb, Object[] a) {
    sb.append('[');
    for (int i = 0; i < a.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      write(sb, a[i], 0);
    }
    sb.append(']');
  }

  private static void array(StringBuilder sb, Object[] a, int level) {
    if (a.length == 0) {
      sb.append("[]");
      return;
    }
    sb.append('[');
    for (int i = 0; i < a.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      indent(sb, level + 1);
      write(sb, a[i], level + 1);
    }
    indent(sb, level);
    sb.append(']');
  }

  /** A finite double in the shortest round-tripping form, integers without a fraction. */
  static String number(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return Double.toString(d);
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
