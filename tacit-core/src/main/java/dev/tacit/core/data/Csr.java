package dev.tacit.core.data;

/**
 * Compressed sparse rows: row {@code r} holds the entries {@code indptr[r] .. indptr[r+1]-1} of
 * {@code indices}, {@code values} and {@code times}, with indices ascending within a row.
 *
 * <p>The arrays are shared, not copied, for speed: callers must not modify them.
 */
public record Csr(int rows, int cols, int[] indptr, int[] indices, float[] values, long[] times) {
  /** Validates the shape. */
  public Csr {
    if (indptr.length != rows + 1) {
      throw new IllegalArgumentException(
          "indptr must have rows + 1 = " + (rows + 1) + " entries, had " + indptr.length);
    }
    int nnz = indptr[rows];
    if (indices.length != nnz || values.length != nnz || times.length != nnz) {
      throw new IllegalArgumentException("indices, values and times must have " + nnz + " entries");
    }
  }

  /** The number of stored entries. */
  public int nnz() {
    return indptr[rows];
  }

  /** The first entry of row {@code r}. */
  public int start(int r) {
    return indptr[r];
  }

  /** One past the last entry of row {@code r}. */
  public int end(int r) {
    return indptr[r + 1];
  }

  /** The number of entries in row {@code r}. */
  public int rowSize(int r) {
    return indptr[r + 1] - indptr[r];
  }

  /** Whether row {@code r} holds column {@code c} (binary search). */
  public boolean contains(int r, int c) {
    return java.util.Arrays.binarySearch(indices, indptr[r], indptr[r + 1], c) >= 0;
  }

  /** A copy of the column indices of row {@code r}. */
  public int[] row(int r) {
    return java.util.Arrays.copyOfRange(indices, indptr[r], indptr[r + 1]);
  }

  @Override
  public String toString() {
    return "Csr[" + rows + "x" + cols + ", nnz=" + nnz() + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Csr c
        && rows == c.rows
        && cols == c.cols
        && java.util.Arrays.equals(indptr, c.indptr)
        && java.util.Arrays.equals(indices, c.indices)
        && java.util.Arrays.equals(values, c.values)
        && java.util.Arrays.equals(times, c.times);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(
        rows, cols, java.util.Arrays.hashCode(indptr), java.util.Arrays.hashCode(indices));
  }
}
