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
 */
public record ReadResult(Dataset dataset, long skippedLines, List<String> firstErrors) {
  /** The most errors kept in {@link #firstErrors()}. */
  public static final int MAX_EXAMPLES = 10;

  /** Validates the counts. */
  public ReadResult {
    Objects.requireNonNull(dataset, "dataset");
    firstErrors = List.copyOf(firstErrors);
    if (skippedLines < 0 || firstErrors.size() > skippedLines) {
      throw new IllegalArgumentException(
          "skippedLines must be >= 0 and >= the number of errors kept, was " + skippedLines);
    }
  }
}
