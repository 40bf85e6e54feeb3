package dev.tacit.federated.cooccurrence;

import java.util.Arrays;

/**
 * What the popularity release publishes: every item's noisy popularity, and the head, the items the
 * co-occurrence release covers, most popular first.
 */
public final class Head {
  private final double[] popularity;
  private final int[] items;
  private final int[] position; // item -> head position, or -1

  private Head(double[] popularity, int[] items) {
    this.popularity = popularity;
    this.items = items;
    this.position = new int[popularity.length];
    Arrays.fill(position, -1);
    for (int p = 0; p < items.length; p++) {
      if (items[p] < 0 || items[p] >= popularity.length || position[items[p]] >= 0) {
        throw new IllegalArgumentException(
            "head item " + items[p] + " is out of range or repeated");
      }
      position[items[p]] = p;
    }
  }

  /**
   * The head of the {@code size} most popular items (ties by lower index).
   *
   * @throws IllegalArgumentException if size is not in [1, number of items] or a value is NaN
   */
  public static Head top(double[] popularity, int size) {
    if (size < 1 || size > popularity.length) {
      throw new IllegalArgumentException(
          "the head size must be in [1, " + popularity.length + "], was " + size);
    }
    for (double p : popularity) {
      if (Double.isNaN(p)) {
        throw new IllegalArgumentException("popularity must not be NaN");
      }
    }
    int[] order = byPopularity(popularity);
    return new Head(popularity.clone(), Arrays.copyOf(order, size));
  }

  /**
   * The head of the given items, most popular first, as published.
   *
   * @throws IllegalArgumentException if an item is out of range or repeated, there is none, or a
   *     popularity is NaN
   */
  public static Head of(double[] popularity, int[] items) {
    if (items.length < 1) {
      throw new IllegalArgumentException("a head has at least one item");
    }
    for (double p : popularity) {
      if (Double.isNaN(p)) {
        throw new IllegalArgumentException("popularity must not be NaN");
      }
    }
    return new Head(popularity.clone(), items.clone());
  }

  /** The items in decreasing popularity (ties by lower index). */
  static int[] byPopularity(double[] popularity) {
    return java.util.stream.IntStream.range(0, popularity.length)
        .boxed()
        .sorted((a, b) -> a.equals(b) ? 0 : compare(popularity, a, b))
        .mapToInt(Integer::intValue)
        .toArray();
  }

  private static int compare(double[] p, int a, int b) {
    int c = Double.compare(p[b], p[a]);
    return c != 0 ? c : Integer.compare(a, b);
  }

  /** The number of head items N. */
  public int size() {
    return items.length;
  }

  /** The number of items in the catalogue. */
  public int numItems() {
    return popularity.length;
  }

  /** The head items, most popular first. */
  public int[] items() {
    return items.clone();
  }

  /** The head item at position p. */
  public int item(int p) {
    return items[p];
  }

  /** The noisy popularity of every item. */
  public double[] popularity() {
    return popularity.clone();
  }

  /** The head position of {@code item}, or -1 when it is in the tail. */
  public int positionOf(int item) {
    return item >= 0 && item < position.length ? position[item] : -1;
  }

  /**
   * The head positions of those of {@code items} in the head, in increasing order.
   *
   * @throws IllegalArgumentException if an item is out of range or repeated
   */
  public int[] positionsOf(int[] items) {
    boolean[] seen = new boolean[popularity.length];
    int[] out = new int[items.length];
    int n = 0;
    for (int i : items) {
      if (i < 0 || i >= popularity.length) {
        throw new IllegalArgumentException(
            "item " + i + " is not in [0, " + popularity.length + ")");
      }
      if (seen[i]) {
        throw new IllegalArgumentException("item " + i + " is given twice");
      }
      seen[i] = true;
      if (position[i] >= 0) {
        out[n++] = position[i];
      }
    }
    int[] r = Arrays.copyOf(out, n);
    Arrays.sort(r);
    return r;
  }

  /** The number of entries of the upper triangle, diagonal included, of an N x N matrix. */
  public static int triangleSize(int n) {
    return n * (n + 1) / 2;
  }

  /** The index of entry (a, b), a ≤ b, in the row-by-row upper triangle of an N x N matrix. */
  public static int triangleIndex(int n, int a, int b) {
    return a * n - a * (a - 1) / 2 + (b - a);
  }

  @Override
  public String toString() {
    return "Head[" + items.length + " of " + popularity.length + " items]";
  }
}
