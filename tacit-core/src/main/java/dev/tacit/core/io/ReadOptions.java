package dev.tacit.core.io;

import dev.tacit.check.Preconditions;

/**
 * How to read a dataset.
 *
 * @param lenient skip malformed lines and count them instead of failing on the first one
 * @param maxSkipped in lenient mode, the most malformed lines tolerated before failing anyway
 *     (guards against reading a file of the wrong format as "all lines skipped"); {@code
 *     Long.MAX_VALUE} for no limit
 */
public record ReadOptions(boolean lenient, long maxSkipped) {
  /** Validates the limit. */
  public ReadOptions {
    Preconditions.checkArgument(maxSkipped >= 0, "maxSkipped must be >= 0, was %d", maxSkipped);
  }

  /** Fail on the first malformed line. */
  public static final ReadOptions STRICT = new ReadOptions(false, 0);

  /** Skip and count every malformed line, with no limit. */
  public static final ReadOptions LENIENT = new ReadOptions(true, Long.MAX_VALUE);
}
