package dev.tacit.protocol;

import java.util.List;

/**
 * One item of the public catalogue that comes with a model: its id, categories and a popularity
 * score (the operator's, for the cold-start fallback).
 *
 * @param itemId the item id
 * @param categories the item's categories, possibly empty
 * @param popularity a non-negative popularity score
 */
public record CatalogueItem(String itemId, List<String> categories, double popularity) {
  /** Validates the item. */
  public CatalogueItem {
    Checks.id(itemId, "itemId", Protocol.MAX_ITEM_ID_LENGTH);
    categories = Checks.list(categories, "categories");
    for (String c : categories) {
      Checks.id(c, "categories[]", 64);
    }
    Checks.nonNegative(popularity, "popularity");
  }
}
