package dev.tacit.core.io;

import dev.tacit.check.Preconditions;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The layout of a generic delimited interaction file: one interaction per line.
 *
 * @param delimiter the field separator, one or more characters (for example {@code ","}, {@code
 *     "\t"} or {@code "::"})
 * @param header whether the first non-blank line names the columns (required for named columns)
 * @param quoted whether fields may be quoted as in RFC 4180 ({@code "a,b"}, {@code ""} for a quote)
 * @param user the column of the user ID (any non-empty text)
 * @param item the column of the item ID (any non-empty text)
 * @param weight the column of the weight (a finite number), or null for a weight of 1
 * @param time the column of the time in epoch seconds (an integer >= 0), or null for time 0
 * @param charset the text encoding
 */
public record DelimitedFormat(
    String delimiter,
    boolean header,
    boolean quoted,
    Column user,
    Column item,
    Column weight,
    Column time,
    Charset charset) {
  /** Validates the layout. */
  public DelimitedFormat {
    Preconditions.checkArgument(
        delimiter != null && !delimiter.isEmpty() && !delimiter.contains("\n"),
        "delimiter must be non-empty and one line, was %s",
        delimiter == null ? null : "'" + delimiter + "'");
    Objects.requireNonNull(user, "user column");
    Objects.requireNonNull(item, "item column");
    Objects.requireNonNull(charset, "charset");
    Preconditions.checkArgument(
        !user.equals(item), "user and item columns must differ, both were %s", user);
    for (Column c : new Column[] {user, item, weight, time}) {
      Preconditions.checkArgument(
          c == null || !c.isNamed() || header,
          "column %s is named, so the file must have a header (header = true)",
          c);
    }
  }

  /**
   * A layout with user and item columns only, no weight and no time, UTF-8, and quoting when the
   * delimiter is a comma.
   */
  public static DelimitedFormat of(String delimiter, boolean header, Column user, Column item) {
    return new DelimitedFormat(
        delimiter, header, ",".equals(delimiter), user, item, null, null, StandardCharsets.UTF_8);
  }

  /** This layout with a weight column. */
  public DelimitedFormat withWeight(Column weight) {
    return new DelimitedFormat(delimiter, header, quoted, user, item, weight, time, charset);
  }

  /** This layout with a time column. */
  public DelimitedFormat withTime(Column time) {
    return new DelimitedFormat(delimiter, header, quoted, user, item, weight, time, charset);
  }

  /** This layout with quoting on or off. */
  public DelimitedFormat withQuoted(boolean quoted) {
    return new DelimitedFormat(delimiter, header, quoted, user, item, weight, time, charset);
  }

  /** This layout with another encoding. */
  public DelimitedFormat withCharset(Charset charset) {
    return new DelimitedFormat(delimiter, header, quoted, user, item, weight, time, charset);
  }
}
