package dev.tacit.client.internal;

import static dev.tacit.check.Preconditions.checkArgument;

/**
 * The item factors stored by column ({@code k} arrays of {@code m} scores' worth), so that scoring
 * every item is {@code k / 4} passes of {@code scores += Σ x_j · column_j} over four columns: loops
 * the JIT vectorizes, reading the model's bytes once, in order.
 */
public final class ItemFactors {
  private final int items;
  private final int factors;
  private final float[] columns;

  private ItemFactors(int items, int factors, float[] columns) {
    this.items = items;
    this.factors = factors;
    this.columns = columns;
  }

  /** Transposes row-major factors ({@code items x factors}). */
  public static ItemFactors fromRows(float[] rows, int items, int factors) {
    checkArgument(
        rows.length == (long) items * factors,
        "rows must have items * factors = %s entries",
        (long) items * factors);
    float[] c = new float[rows.length];
    for (int i = 0; i < items; i++) {
      int o = i * factors;
      for (int j = 0; j < factors; j++) {
        c[j * items + i] = rows[o + j];
      }
    }
    return new ItemFactors(items, factors, c);
  }

  /** The number of items. */
  public int items() {
    return items;
  }

  /** The number of factors. */
  public int factors() {
    return factors;
  }

  /** Writes {@code y_i · x} of every item into {@code out}. */
  public void score(float[] x, float[] out) {
    checkArgument(
        x.length == factors && out.length >= items,
        "x must have %s entries and out at least %s",
        factors,
        items);
    float[] c = columns;
    int m = items;
    java.util.Arrays.fill(out, 0, m, 0f);
    int j = 0;
    // four columns per pass: a quarter of the passes over the scores, each a vectorizable loop
    for (; j + 3 < factors; j += 4) {
      float x0 = x[j];
      float x1 = x[j + 1];
      float x2 = x[j + 2];
      float x3 = x[j + 3];
      int o0 = j * m;
      int o1 = o0 + m;
      int o2 = o1 + m;
      int o3 = o2 + m;
      for (int i = 0; i < m; i++) {
        out[i] += (x0 * c[o0 + i] + x1 * c[o1 + i]) + (x2 * c[o2 + i] + x3 * c[o3 + i]);
      }
    }
    for (; j < factors; j++) {
      float xj = x[j];
      int o = j * m;
      for (int i = 0; i < m; i++) {
        out[i] += xj * c[o + i];
      }
    }
  }

  /** The rows of the given items, row-major, {@code rows.length x factors}. */
  public float[] rows(int[] rows) {
    float[] out = new float[rows.length * factors];
    for (int r = 0; r < rows.length; r++) {
      for (int j = 0; j < factors; j++) {
        out[r * factors + j] = columns[j * items + rows[r]];
      }
    }
    return out;
  }
}
