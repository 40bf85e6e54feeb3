package dev.tacit.core.data;

import java.util.Arrays;

/**
 * An immutable user-item interaction matrix in columnar form, indexed both by user and by item.
 *
 * <p>Users and items are dense ints {@code 0..numUsers-1} and {@code 0..numItems-1}; each (user,
 * item) pair appears at most once, with a weight (a rating, a count, or 1 for implicit feedback)
 * and a time in epoch seconds (0 when unknown).
 */
public final class Interactions {
  private final Csr byUser;
  private final Csr byItem;

  private Interactions(Csr byUser, Csr byItem) {
    this.byUser = byUser;
    this.byItem = byItem;
  }

  /** The rows are users, the columns items. */
  public Csr byUser() {
    return byUser;
  }

  /** The rows are items, the columns users. */
  public Csr byItem() {
    return byItem;
  }

  /** The number of users (rows of {@link #byUser()}), including users with no interaction. */
  public int numUsers() {
    return byUser.rows();
  }

  /** The number of items, including items with no interaction. */
  public int numItems() {
    return byUser.cols();
  }

  /** The number of (user, item) pairs. */
  public int size() {
    return byUser.nnz();
  }

  /** The number of users with at least one interaction. */
  public int activeUsers() {
    int n = 0;
    for (int u = 0; u < numUsers(); u++) {
      if (byUser.rowSize(u) > 0) {
        n++;
      }
    }
    return n;
  }

  /** The number of interactions of each item. */
  public int[] itemCounts() {
    int[] c = new int[numItems()];
    for (int i = 0; i < c.length; i++) {
      c[i] = byItem.rowSize(i);
    }
    return c;
  }

  /** A new builder for a matrix of at least the given dimensions (it grows as needed). */
  public static Builder builder(int numUsers, int numItems) {
    return new Builder(numUsers, numItems);
  }

  /** Builds the matrix from parallel arrays; duplicates are merged as by {@link Builder#add}. */
  public static Interactions of(
      int numUsers, int numItems, int[] users, int[] items, float[] weights, long[] times) {
    Builder b = builder(numUsers, numItems);
    for (int i = 0; i < users.length; i++) {
      b.add(users[i], items[i], weights[i], times == null ? 0 : times[i]);
    }
    return b.build();
  }

  @Override
  public String toString() {
    return "Interactions[users=" + numUsers() + ", items=" + numItems() + ", nnz=" + size() + "]";
  }

  /**
   * Accumulates interactions in columnar arrays. A repeated (user, item) pair is merged: weights
   * add up and the latest time is kept.
   */
  public static final class Builder {
    private int numUsers;
    private int numItems;
    private int n;
    private int[] users = new int[1024];
    private int[] items = new int[1024];
    private float[] weights = new float[1024];
    private long[] times = new long[1024];

    private Builder(int numUsers, int numItems) {
      if (numUsers < 0 || numItems < 0) {
        throw new IllegalArgumentException(
            "dimensions must be >= 0, were " + numUsers + " x " + numItems);
      }
      this.numUsers = numUsers;
      this.numItems = numItems;
    }

    /** Adds one interaction. */
    public Builder add(int user, int item, float weight, long time) {
      if (user < 0 || item < 0) {
        throw new IllegalArgumentException(
            "user and item must be >= 0, were " + user + ", " + item);
      }
      if (!Float.isFinite(weight)) {
        throw new IllegalArgumentException("weight must be finite, was " + weight);
      }
      if (n == users.length) {
        int cap = n * 2;
        users = Arrays.copyOf(users, cap);
        items = Arrays.copyOf(items, cap);
        weights = Arrays.copyOf(weights, cap);
        times = Arrays.copyOf(times, cap);
      }
      users[n] = user;
      items[n] = item;
      weights[n] = weight;
      times[n] = time;
      n++;
      numUsers = Math.max(numUsers, user + 1);
      numItems = Math.max(numItems, item + 1);
      return this;
    }

    /** The number of interactions added so far (before merging duplicates). */
    public int added() {
      return n;
    }

    /** Builds the immutable matrix. */
    public Interactions build() {
      Csr byUser = compress(numUsers, numItems, users, items);
      // Transpose the merged user-major matrix.
      int nnz = byUser.nnz();
      int[] rowOfEntry = new int[nnz];
      for (int u = 0; u < numUsers; u++) {
        for (int p = byUser.start(u); p < byUser.end(u); p++) {
          rowOfEntry[p] = u;
        }
      }
      int[] ptr = new int[numItems + 1];
      for (int p = 0; p < nnz; p++) {
        ptr[byUser.indices()[p] + 1]++;
      }
      for (int i = 0; i < numItems; i++) {
        ptr[i + 1] += ptr[i];
      }
      int[] fill = Arrays.copyOf(ptr, numItems);
      int[] idx = new int[nnz];
      float[] val = new float[nnz];
      long[] tim = new long[nnz];
      for (int p = 0; p < nnz; p++) { // users ascending, so each item row ends up sorted
        int q = fill[byUser.indices()[p]]++;
        idx[q] = rowOfEntry[p];
        val[q] = byUser.values()[p];
        tim[q] = byUser.times()[p];
      }
      return new Interactions(byUser, new Csr(numItems, numUsers, ptr, idx, val, tim));
    }

    private Csr compress(int rows, int cols, int[] r, int[] c) {
      int[] ptr = new int[rows + 1];
      for (int i = 0; i < n; i++) {
        ptr[r[i] + 1]++;
      }
      for (int i = 0; i < rows; i++) {
        ptr[i + 1] += ptr[i];
      }
      int[] fill = Arrays.copyOf(ptr, rows);
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        order[fill[r[i]]++] = i;
      }
      int[] outPtr = new int[rows + 1];
      int[] idx = new int[n];
      float[] val = new float[n];
      long[] tim = new long[n];
      int out = 0;
      long[] keys = new long[0];
      for (int row = 0; row < rows; row++) {
        int s = ptr[row];
        int e = ptr[row + 1];
        int len = e - s;
        if (keys.length < len) {
          keys = new long[Math.max(len, keys.length * 2)];
        }
        for (int k = 0; k < len; k++) {
          int i = order[s + k];
          keys[k] = ((long) c[i] << 32) | i; // sort by column, then by insertion order
        }
        Arrays.sort(keys, 0, len);
        int prevCol = -1;
        for (int k = 0; k < len; k++) {
          int i = (int) keys[k];
          int col = (int) (keys[k] >>> 32);
          if (col == prevCol) {
            val[out - 1] += weights[i];
            tim[out - 1] = Math.max(tim[out - 1], times[i]);
          } else {
            idx[out] = col;
            val[out] = weights[i];
            tim[out] = times[i];
            out++;
            prevCol = col;
          }
        }
        outPtr[row + 1] = out;
      }
      return new Csr(
          rows,
          cols,
          outPtr,
          Arrays.copyOf(idx, out),
          Arrays.copyOf(val, out),
          Arrays.copyOf(tim, out));
    }
  }
}
