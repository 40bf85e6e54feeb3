package dev.tacit.client;

import static dev.tacit.check.Preconditions.checkArgument;

/**
 * What {@code recommend} returns: optionally only items of one category, and a re-ranking. Seen and
 * disliked items are always left out.
 *
 * @param category a catalogue category, or null for all
 * @param reranking the re-ranking (never null)
 */
public record Filter(String category, Reranking reranking) {
  /** Validates the filter. */
  public Filter {
    checkArgument(reranking != null, "reranking must be given (Reranking.none() for none)");
    if (category != null && !category.matches("[A-Za-z0-9._:-]{1,64}")) {
      throw new IllegalArgumentException(
          "category must be 1 to 64 characters from [A-Za-z0-9._:-], was \"" + category + "\"");
    }
  }

  /** All items, in the model's order. */
  public static Filter none() {
    return new Filter(null, Reranking.none());
  }

  /** Items of one category. */
  public static Filter category(String category) {
    return new Filter(category, Reranking.none());
  }

  /** This filter with a re-ranking. */
  public Filter reranked(Reranking value) {
    return new Filter(category, value);
  }
}
