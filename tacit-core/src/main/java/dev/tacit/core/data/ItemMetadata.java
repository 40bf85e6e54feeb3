package dev.tacit.core.data;

import java.util.List;
import java.util.Objects;

/**
 * Titles and categories of items, indexed by dense item index; {@code categoryNames} lists the
 * vocabulary and {@code categories[i]} the category indices of item {@code i}.
 */
public record ItemMetadata(List<String> titles, List<String> categoryNames, int[][] categories) {
  /** Validates that titles and categories cover the same items. */
  public ItemMetadata {
    titles = List.copyOf(titles);
    categoryNames = List.copyOf(categoryNames);
    Objects.requireNonNull(categories, "categories");
    if (titles.size() != categories.length) {
      throw new IllegalArgumentException(
          "titles and categories must have one entry per item, had "
              + titles.size()
              + " and "
              + categories.length);
    }
  }

  /** Metadata with no titles or categories for {@code n} items. */
  public static ItemMetadata empty(int n) {
    return new ItemMetadata(java.util.Collections.nCopies(n, ""), List.of(), new int[n][]);
  }

  /** The number of items described. */
  public int size() {
    return titles.size();
  }

  /** The title of item {@code i}, or an empty string. */
  public String title(int i) {
    return titles.get(i);
  }

  /** The category indices of item {@code i} (an empty array when none). */
  public int[] categoriesOf(int i) {
    int[] c = categories[i];
    return c == null ? new int[0] : c.clone();
  }
}
