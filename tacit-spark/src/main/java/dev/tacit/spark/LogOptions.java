package dev.tacit.spark;

import java.io.Serializable;
import java.util.Locale;

/**
 * How to read an interaction log, with the column options of {@code tacit evaluate}.
 *
 * @param path a Parquet file or folder, or a delimited text file or folder
 * @param format parquet, csv, or auto (parquet if the path ends in {@code .parquet} or is a folder
 *     holding Parquet files, csv otherwise)
 * @param delimiter csv: the field delimiter ({@code \t} for tab)
 * @param header csv: whether the first line names the columns
 * @param userColumn the user column: an index from 0 or a column name
 * @param itemColumn the item column: an index from 0 or a column name
 */
public record LogOptions(
    String path,
    String format,
    String delimiter,
    boolean header,
    String userColumn,
    String itemColumn)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Validates. */
  public LogOptions {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("the log's path must be given");
    }
    format = format == null ? "auto" : format.toLowerCase(Locale.ROOT);
    if (!format.equals("auto") && !format.equals("parquet") && !format.equals("csv")) {
      throw new IllegalArgumentException("format must be auto, parquet or csv, was " + format);
    }
    delimiter = "\\t".equals(delimiter) ? "\t" : delimiter;
    if (delimiter == null || delimiter.isEmpty()) {
      throw new IllegalArgumentException("the delimiter must not be empty");
    }
    if (userColumn == null || itemColumn == null || userColumn.equals(itemColumn)) {
      throw new IllegalArgumentException(
          "the user and item columns must be given and differ, were "
              + userColumn
              + " and "
              + itemColumn);
    }
  }

  /** A Parquet log with the columns {@code user} and {@code item}. */
  public static LogOptions parquet(String path) {
    return new LogOptions(path, "parquet", ",", true, "user", "item");
  }
}
