package dev.tacit.server.explorer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a model recommends, computed from the model alone. Every item stands for one synthetic user
 * who liked that item only; the model ranks the other items for that user ({@link
 * ItemModel#scoresForOneItemUser}), and an item's <em>reach</em> is the number of those users whose
 * top {@value #TOP_N} holds it. The most recommended items have the largest reach; the catalogue
 * coverage is the share of items in at least one top {@value #TOP_N} (Ge et al. 2010's catalogue
 * coverage, over one-item users). Immutable once built; thread-safe.
 */
public final class ModelExplorer {
  /** The length of each synthetic user's list. */
  public static final int TOP_N = 10;

  private final ItemModel model;
  private final int[] reach;
  private final int covered;

  private ModelExplorer(ItemModel model, int[] reach) {
    this.model = model;
    this.reach = reach;
    int c = 0;
    for (int r : reach) {
      if (r > 0) {
        c++;
      }
    }
    this.covered = c;
  }

  /** Ranks every item for every one-item user of {@code model}: {@code numItems} fold-ins. */
  public static ModelExplorer of(ItemModel model) {
    Objects.requireNonNull(model, "model");
    int n = model.numItems();
    int[] reach = new int[n];
    float[] scores = new float[n];
    for (int i = 0; i < n; i++) {
      model.scoresForOneItemUser(i, scores);
      for (int j : top(scores, TOP_N, i)) {
        reach[j]++;
      }
    }
    return new ModelExplorer(model, reach);
  }

  /** The model explored. */
  public ItemModel model() {
    return model;
  }

  /** How many one-item users have {@code item} in their top {@value #TOP_N}. */
  public int reach(int item) {
    return reach[item];
  }

  /** The number of items in at least one top {@value #TOP_N}. */
  public int coveredItems() {
    return covered;
  }

  /** The share of the catalogue in at least one top {@value #TOP_N}, in [0, 1]. */
  public double coverage() {
    return (double) covered / reach.length;
  }

  /** The {@code limit} items of largest reach, largest first (ties: lower index first). */
  public List<Integer> mostRecommended(int limit) {
    List<Integer> order = new ArrayList<>(reach.length);
    for (int i = 0; i < reach.length; i++) {
      order.add(i);
    }
    order.sort((a, b) -> reach[a] != reach[b] ? Integer.compare(reach[b], reach[a]) : a - b);
    return order.subList(0, Math.min(limit, order.size()));
  }

  /**
   * The {@code limit} items most alike {@code item} ({@link ItemModel#similarity}), most alike
   * first, without the item itself.
   *
   * @throws IllegalArgumentException if {@code item} is not an item of the model
   */
  public List<Neighbour> neighbours(int item, int limit) {
    if (item < 0 || item >= reach.length) {
      throw new IllegalArgumentException("item must be in [0, " + reach.length + "), was " + item);
    }
    float[] s = new float[reach.length];
    model.similarity(item, s);
    List<Neighbour> out = new ArrayList<>();
    for (int j : top(s, limit, item)) {
      out.add(new Neighbour(j, s[j]));
    }
    return out;
  }

  /**
   * One item near another.
   *
   * @param item its index in the model
   * @param similarity how alike
   */
  public record Neighbour(int item, double similarity) {}

  /**
   * The indices of the {@code k} highest scores, highest first (ties: lower index first), without
   * {@code skip}.
   */
  static int[] top(float[] scores, int k, int skip) {
    int n = Math.min(k, scores.length - 1);
    int[] best = new int[Math.max(n, 0)];
    int size = 0;
    for (int j = 0; j < scores.length; j++) {
      if (j == skip) {
        continue;
      }
      if (size == n && (n == 0 || scores[j] <= scores[best[n - 1]])) {
        continue; // not better than the worst kept (an equal score keeps the lower index)
      }
      int at = size < n ? size++ : n - 1;
      while (at > 0 && scores[j] > scores[best[at - 1]]) {
        best[at] = best[at - 1];
        at--;
      }
      best[at] = j;
    }
    return best;
  }
}
