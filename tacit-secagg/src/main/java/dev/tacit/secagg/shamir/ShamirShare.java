package dev.tacit.secagg.shamir;

import dev.tacit.check.Preconditions;
import java.util.Arrays;

/**
 * One Shamir share: the x-coordinate (a client id, never zero) and one field element per chunk of
 * the secret. Its values never appear in {@link #toString()}.
 */
public final class ShamirShare {
  private final int x;
  private final long[] values;

  private ShamirShare(int x, long[] values) {
    this.x = x;
    this.values = values;
  }

  /**
   * The share at {@code x} with these chunk values (copied).
   *
   * @throws IllegalArgumentException if {@code x < 1}, there are no values, or a value is not in
   *     [0, 2^61 - 1)
   */
  public static ShamirShare of(int x, long[] values) {
    Preconditions.checkArgument(x >= 1, "share x-coordinate must be >= 1, was %d", x);
    Preconditions.checkNotNull(values, "values");
    Preconditions.checkArgument(values.length >= 1, "a share needs at least one chunk value");
    long[] copy = values.clone();
    for (int i = 0; i < copy.length; i++) {
      Preconditions.checkArgument(
          copy[i] >= 0 && copy[i] < Field61.P,
          "share value %d must be in [0, 2^61 - 1), was out of range",
          i);
    }
    return new ShamirShare(x, copy);
  }

  /** The x-coordinate. */
  public int x() {
    return x;
  }

  /** The number of chunk values. */
  public int chunkCount() {
    return values.length;
  }

  /** A copy of the chunk values. */
  public long[] values() {
    return values.clone();
  }

  long value(int chunk) {
    return values[chunk];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ShamirShare
        && ((ShamirShare) o).x == x
        && Arrays.equals(((ShamirShare) o).values, values);
  }

  @Override
  public int hashCode() {
    return 31 * x + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "ShamirShare[x=" + x + ", " + values.length + " chunks, redacted]";
  }
}
