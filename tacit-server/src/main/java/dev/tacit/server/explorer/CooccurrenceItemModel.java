package dev.tacit.server.explorer;

import dev.tacit.federated.cooccurrence.CooccurrenceModel;
import dev.tacit.federated.cooccurrence.Head;
import java.util.Arrays;
import java.util.Objects;

/**
 * A co-occurrence model (EASE over the head, Steck 2019) as the explorer reads it: a one-item
 * user's scores are the device's own ranking ({@link CooccurrenceModel#scoreAll}), and how alike
 * item j is to item i is B_ij, what liking i adds to j's score (row i of B, from V, Λ and diag P).
 * An item outside the head has no co-occurrence weights: nothing is near it (NaN).
 */
public final class CooccurrenceItemModel implements ItemModel {
  private final CooccurrenceModel model;

  /** The explorer's view of {@code model}. */
  public CooccurrenceItemModel(CooccurrenceModel model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  @Override
  public String kind() {
    return "cooccurrence";
  }

  @Override
  public String similarityName() {
    return "B, the weight liking an item adds to another's score (EASE over the head)";
  }

  @Override
  public int numItems() {
    return model.head().numItems();
  }

  @Override
  public void scoresForOneItemUser(int item, float[] out) {
    model.scoreAll(new int[] {item}, out);
  }

  @Override
  public void similarity(int item, float[] out) {
    Arrays.fill(out, Float.NaN);
    Head head = model.head();
    if (head.positionOf(item) < 0) {
      return;
    }
    // For the one-hot user of item i, xB over the head is row i of B (its own entry aside).
    double[] row = model.headScores(new int[] {item});
    for (int p = 0; p < row.length; p++) {
      out[head.item(p)] = (float) row[p];
    }
  }
}
