package dev.tacit.spark;

import java.io.Serializable;

/**
 * Scores every item for one user, in an executor. Made once per partition by a {@link Factory}
 * shipped from the driver, so a model is rebuilt once per partition and not per user.
 */
public interface UserScorer {
  /**
   * Fills {@code out} (one entry per item) with the user's scores.
   *
   * @param vector what the model holds for this user (its factor), or null
   */
  void scoreAll(UserRow user, float[] vector, float[] out);

  /** Makes a scorer in an executor. */
  interface Factory extends Serializable {
    /** A new scorer. */
    UserScorer open();
  }
}
