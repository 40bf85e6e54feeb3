package dev.tacit.core.model;

import dev.tacit.core.data.Csr;

/** Partial selection of the best-scored items with a bounded min-heap: O(n log k), no full sort. */
public final class TopK {
  private TopK() {}

  /**
   * The indices of the {@code k} highest scores, best first (ties broken by the lower index),
   * skipping the columns of row {@code row} of {@code exclude} when it is not null, and skipping
   * NaN scores.
   */
  public static int[] select(float[] scores, int k, Csr exclude, int row) {
    if (k < 0) {
      throw new IllegalArgumentException("k must be >= 0, was " + k);
    }
    int[] ex = null;
    int exS = 0;
    int exE = 0;
    if (exclude != null && row < exclude.rows()) {
      ex = exclude.indices();
      exS = exclude.start(row);
      exE = exclude.end(row);
    }
    int[] heapIdx = new int[Math.max(1, k)];
    float[] heapVal = new float[Math.max(1, k)];
    int size = 0;
    int e = exS; // excluded columns are sorted: walk them alongside the items
    for (int i = 0; i < scores.length; i++) {
      if (ex != null) {
        while (e < exE && ex[e] < i) {
          e++;
        }
        if (e < exE && ex[e] == i) {
          continue;
        }
      }
      float s = scores[i];
      if (Float.isNaN(s) || k == 0) {
        continue;
      }
      if (size < k) {
        heapIdx[size] = i;
        heapVal[size] = s;
        siftUp(heapIdx, heapVal, size++);
      } else if (s > heapVal[0]) { // equal score: the earlier (lower) index stays
        heapIdx[0] = i;
        heapVal[0] = s;
        siftDown(heapIdx, heapVal, size);
      }
    }
    int[] out = new int[size];
    for (int n = size; n > 0; n--) {
      out[n - 1] = heapIdx[0];
      heapIdx[0] = heapIdx[n - 1];
      heapVal[0] = heapVal[n - 1];
      siftDown(heapIdx, heapVal, n - 1);
    }
    return out;
  }

  // Min-heap on value; among equal values the higher index is "smaller" (evicted first).
  private static boolean less(float va, int ia, float vb, int ib) {
    return va < vb || (va == vb && ia > ib);
  }

  private static void siftUp(int[] idx, float[] val, int i) {
    while (i > 0) {
      int p = (i - 1) >>> 1;
      if (!less(val[i], idx[i], val[p], idx[p])) {
        break;
      }
      swap(idx, val, i, p);
      i = p;
    }
  }

  private static void siftDown(int[] idx, float[] val, int n) {
    int i = 0;
    while (true) {
      int l = 2 * i + 1;
      if (l >= n) {
        return;
      }
      int m = l;
      if (l + 1 < n && less(val[l + 1], idx[l + 1], val[l], idx[l])) {
        m = l + 1;
      }
      if (!less(val[m], idx[m], val[i], idx[i])) {
        return;
      }
      swap(idx, val, i, m);
      i = m;
    }
  }

  private static void swap(int[] idx, float[] val, int a, int b) {
    int ti = idx[a];
    idx[a] = idx[b];
    idx[b] = ti;
    float tv = val[a];
    val[a] = val[b];
    val[b] = tv;
  }
}
