package dev.tacit.core.io;

import dev.tacit.check.Preconditions;

/**
 * A column of a delimited file, by 0-based index or by header name (exactly one of them).
 *
 * @param index the 0-based index, or -1 when the column is named
 * @param name the header name, or null when the column is given by index
 */
public record Column(int index, String name) {
  /** Requires exactly one of index and name. */
  public Column {
    Preconditions.checkArgument(
        (index >= 0 && name == null) || (index == -1 && name != null && !name.isBlank()),
        "a column needs an index >= 0 or a non-blank name, was index %d, name %s",
        index,
        name);
  }

  /** The column at a 0-based index. */
  public static Column at(int index) {
    return new Column(Preconditions.checkNonNegative(index, "column index"), null);
  }

  /** The column with this header name. */
  public static Column named(String name) {
    return new Column(-1, name);
  }

  /** An index when {@code spec} is all digits, else a name: {@code "2"} or {@code "rating"}. */
  public static Column parse(String spec) {
    Preconditions.checkArgument(spec != null && !spec.isBlank(), "column must not be blank");
    String s = spec.trim();
    if (s.chars().allMatch(c -> c >= '0' && c <= '9') && s.length() < 10) {
      return at(Integer.parseInt(s));
    }
    return named(s);
  }

  /** Whether the column is given by header name. */
  public boolean isNamed() {
    return name != null;
  }

  @Override
  public String toString() {
    return name != null ? "'" + name + "'" : "#" + index;
  }
}
