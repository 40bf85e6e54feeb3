package dev.tacit.client.explain;

import java.util.List;

/**
 * Why an item was recommended.
 *
 * @param itemId the item explained
 * @param personalized whether the score came from the user's own factor (else popularity)
 * @param score the item's score
 * @param because the past items that contributed most to the score, largest first
 * @param categories the item's categories
 * @param sharedCategories those of its categories that the items in {@code because} share
 * @param modelRank its rank by score in the last recommendations, or 0 if it was not in them
 * @param rank its rank after re-ranking in the last recommendations, or 0
 * @param text the explanation in words
 */
public record Explanation(
    String itemId,
    boolean personalized,
    double score,
    List<Contribution> because,
    List<String> categories,
    List<String> sharedCategories,
    int modelRank,
    int rank,
    String text) {
  /**
   * One past item's share of the score.
   *
   * @param itemId the past item
   * @param contribution its additive part of the score
   * @param share that part over the score
   */
  public record Contribution(String itemId, double contribution, double share) {}

  /** Copies the lists. */
  public Explanation {
    because = List.copyOf(because);
    categories = List.copyOf(categories);
    sharedCategories = List.copyOf(sharedCategories);
  }
}
