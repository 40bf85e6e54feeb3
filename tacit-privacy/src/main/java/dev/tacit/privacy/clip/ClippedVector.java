package dev.tacit.privacy.clip;

import static dev.tacit.check.Preconditions.checkNotNull;

/**
 * A vector after L2 clipping. The array is owned by the record; compare values, not records.
 *
 * @param values the clipped vector, of L2 norm at most the clip norm
 * @param norm the L2 norm of the input, infinite if it exceeds {@link Double#MAX_VALUE}
 * @param clipped whether the input was scaled down
 */
public record ClippedVector(double[] values, double norm, boolean clipped) {
  /** Validates the values. */
  public ClippedVector {
    checkNotNull(values, "values");
    if (!(norm >= 0)) {
      throw new IllegalArgumentException("norm must be >= 0, was " + norm);
    }
  }
}
