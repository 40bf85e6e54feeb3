package dev.tacit.core.model;

import dev.tacit.core.data.Csr;
import java.util.Map;

/** A trained model that scores every item for a user. */
public interface Recommender {
  /** A short name such as {@code "ials"}. */
  String name();

  /** The hyper-parameters it was trained with, for reports (provenance). */
  Map<String, Object> params();

  /** The number of items scored. */
  int numItems();

  /**
   * Writes the score of every item for {@code user} into {@code out} (length {@link #numItems()});
   * higher is better. Implementations are thread-safe for concurrent calls.
   */
  void scoreAll(int user, float[] out);

  /**
   * The {@code k} best items for {@code user}, best first, excluding the items of row {@code user}
   * in {@code exclude} (typically the training interactions; may be null).
   */
  default int[] recommend(int user, int k, Csr exclude) {
    float[] scores = new float[numItems()];
    scoreAll(user, scores);
    return TopK.select(scores, k, exclude, user);
  }
}
