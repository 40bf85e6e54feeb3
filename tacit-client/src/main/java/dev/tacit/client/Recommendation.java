package dev.tacit.client;

import java.util.List;

/**
 * One recommended item.
 *
 * @param itemId the item
 * @param score the model's score (or the popularity, for the fallback)
 * @param categories the item's categories
 * @param modelRank its rank, from 1, by score alone
 * @param rank its rank, from 1, after re-ranking
 */
public record Recommendation(
    String itemId, double score, List<String> categories, int modelRank, int rank) {
  /** Copies the categories. */
  public Recommendation {
    categories = List.copyOf(categories);
  }
}
