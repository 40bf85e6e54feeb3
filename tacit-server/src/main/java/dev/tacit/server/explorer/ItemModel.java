package dev.tacit.server.explorer;

/**
 * What the explorer needs of a published model: how it scores the items for a user who liked one
 * item only, and how alike two items are. Implemented by the factor model ({@link
 * FactorItemModel}); a co-occurrence model plugs in with the row of its item-item matrix B for
 * both.
 */
public interface ItemModel {
  /** The model's kind, as in its provenance: {@code "ials"} or {@code "cooccurrence"}. */
  String kind();

  /** What {@link #similarity} computes, in words, for the page. */
  String similarityName();

  /** The number of items. */
  int numItems();

  /**
   * Writes into {@code out} the score of every item for a synthetic user whose only interaction is
   * {@code item}: the ranking the model gives that user (higher first).
   */
  void scoresForOneItemUser(int item, float[] out);

  /** Writes into {@code out} how alike {@code item} is to every item (higher is more alike). */
  void similarity(int item, float[] out);
}
