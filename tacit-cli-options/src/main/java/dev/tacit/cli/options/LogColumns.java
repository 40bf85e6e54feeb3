package dev.tacit.cli.options;

import picocli.CommandLine.Option;

/**
 * How a delimited interaction log names its columns: the options {@code tacit evaluate}, {@code
 * tacit simulate} and {@code tacit spark} share (a picocli mixin), so the three read a log the same
 * way from the same command line.
 */
public final class LogColumns {
  @Option(
      names = "--delimiter",
      defaultValue = ",",
      description = "csv: field delimiter (\\t for tab).")
  private String delimiter;

  @Option(names = "--no-header", description = "csv: the file has no header line.")
  private boolean noHeader;

  @Option(
      names = "--user-column",
      defaultValue = "0",
      description = "The user column: an index from 0, or a header name.")
  private String userColumn;

  @Option(
      names = "--item-column",
      defaultValue = "1",
      description = "The item column: an index from 0, or a header name.")
  private String itemColumn;

  /** The field delimiter, with {@code \t} read as a tab. */
  public String delimiter() {
    return "\\t".equals(delimiter) ? "\t" : delimiter;
  }

  /** Whether the first line names the columns. */
  public boolean header() {
    return !noHeader;
  }

  /** The user column as given: an index from 0 or a header name. */
  public String userColumn() {
    return userColumn;
  }

  /** The item column as given: an index from 0 or a header name. */
  public String itemColumn() {
    return itemColumn;
  }
}
