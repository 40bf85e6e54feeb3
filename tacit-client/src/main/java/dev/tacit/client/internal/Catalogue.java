package dev.tacit.client.internal;

import dev.tacit.protocol.CatalogueItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The catalogue indexed for on-device use: id to row, categories as small integers. */
public final class Catalogue {
  private final List<CatalogueItem> items;
  private final Map<String, Integer> index;
  private final String[] categoryNames;
  private final int[][] categories;
  private final float[] popularity;

  private Catalogue(List<CatalogueItem> items) {
    this.items = List.copyOf(items);
    this.index = new HashMap<>(items.size() * 2);
    Map<String, Integer> cats = new LinkedHashMap<>();
    this.categories = new int[items.size()][];
    this.popularity = new float[items.size()];
    for (int i = 0; i < items.size(); i++) {
      CatalogueItem item = items.get(i);
      if (index.put(item.itemId(), i) != null) {
        throw new IllegalArgumentException("the catalogue lists item " + item.itemId() + " twice");
      }
      int[] c = new int[item.categories().size()];
      for (int j = 0; j < c.length; j++) {
        c[j] = cats.computeIfAbsent(item.categories().get(j), k -> cats.size());
      }
      categories[i] = c;
      popularity[i] = (float) item.popularity();
    }
    this.categoryNames = cats.keySet().toArray(new String[0]);
  }

  /**
   * Indexes a catalogue.
   *
   * @throws IllegalArgumentException if an item id repeats
   */
  public static Catalogue of(List<CatalogueItem> items) {
    return new Catalogue(items);
  }

  /** The items, in row order. */
  public List<CatalogueItem> items() {
    return items;
  }

  /** The number of items. */
  public int size() {
    return items.size();
  }

  /** The row of an item id, or -1. */
  public int indexOf(String itemId) {
    Integer i = index.get(itemId);
    return i == null ? -1 : i;
  }

  /** The id of a row. */
  public String id(int row) {
    return items.get(row).itemId();
  }

  /** The number of distinct categories. */
  public int categoryCount() {
    return categoryNames.length;
  }

  /** The category ids of a row (shared, do not modify). */
  public int[] categoriesOf(int row) {
    return categories[row];
  }

  /** The id of a category name, or -1. */
  public int categoryId(String name) {
    for (int i = 0; i < categoryNames.length; i++) {
      if (categoryNames[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The name of a category id. */
  public String categoryName(int id) {
    return categoryNames[id];
  }

  /** The names of a row's categories. */
  public List<String> categoryNamesOf(int row) {
    List<String> out = new ArrayList<>(categories[row].length);
    for (int c : categories[row]) {
      out.add(categoryNames[c]);
    }
    return out;
  }

  /** The popularity scores (shared, do not modify). */
  public float[] popularity() {
    return popularity;
  }
}
