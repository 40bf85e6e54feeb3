package dev.tacit.privacy.clip;

import static dev.tacit.check.Preconditions.checkArgument;
import static dev.tacit.check.Preconditions.checkNotNull;

import java.util.List;

/**
 * A batch of clipped vectors and how many needed clipping.
 *
 * @param vectors the clipped vectors, in input order
 * @param clippedCount how many inputs were scaled down
 */
public record ClippedBatch(List<double[]> vectors, int clippedCount) {
  /** Validates the values and copies the list. */
  public ClippedBatch {
    vectors = List.copyOf(checkNotNull(vectors, "vectors"));
    checkArgument(
        clippedCount >= 0 && clippedCount <= vectors.size(),
        "clippedCount must be in [0, " + vectors.size() + "], was " + clippedCount);
  }

  /** The fraction of the batch that was clipped, 0 for an empty batch. */
  public double clippedFraction() {
    return vectors.isEmpty() ? 0 : (double) clippedCount / vectors.size();
  }
}
