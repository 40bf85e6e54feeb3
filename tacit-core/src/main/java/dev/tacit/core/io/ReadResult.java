package dev.tacit.core.io;

import dev.tacit.core.data.Dataset;
import java.util.List;
import java.util.Objects;

/**
 * A dataset and what was skipped to read it.
 *
 * @param dataset the data read
 * @param skippedLines the number of malformed lines skipped (always 0 in strict mode)
 * @param firstErrors the first few skipped lines' errors (at most {@link #MAX_EXAMPLES}), as {@code
 *     file:line: reason} messages, for a report
 * @param layout how the data were read, in words, when the layout was detected rather than known by
 *     name (e.g. "tab-separated, no header; user = column 0, ..."), else empty
 */
public record ReadResult(
    Dataset dataset, long skippedLines, List<String> firstErrors, String layout) {
  /** The most errors kept in {@link #firstErrors()}. */
  public static final int MAX_EXAMPLES = 10;

  /** Validates the counts. */
  public ReadResult {
    Objects.requireNonNull(dataset, "dataset");
    firstErrors = List.copyOf(firstErrors);
    Objects.requireNonNull(layout, "layout");
    if (skippedLines < 0 || firstErrors.size() > skippedLines) {
      throw new IllegalArgumentException(
          "skippedLines must be >= 0 and >= the number of errors kept, was " + skippedLines);
    }
  }

  /** A result read from a layout known by name. */
  public ReadResult(Dataset dataset, long skippedLines, List<String> firstErrors) {
    this(dataset, skippedLines, firstErrors, "");
  }

  /** This result, saying it was read with a detected layout. */
  public ReadResult withLayout(String layout) {
    return new ReadResult(dataset, skippedLines, firstErrors, layout);
  }
}
