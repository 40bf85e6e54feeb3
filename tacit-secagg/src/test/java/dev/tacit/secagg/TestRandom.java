package dev.tacit.secagg;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Deterministic {@link SecureRandom}s for reproducible tests (never for production). */
public final class TestRandom {
  private TestRandom() {}

  /** A SHA1PRNG seeded with {@code seed} before first use, hence deterministic. */
  public static SecureRandom seeded(long seed) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(seed);
      return random;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Random residues modulo 2^bits: {@code n} vectors of length {@code m}. */
  public static long[][] inputs(int n, int m, int bits, long seed) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    long mask = bits == 64 ? -1L : 0xffff_ffffL;
    long[][] inputs = new long[n][m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        inputs[i][j] = random.nextLong() & mask;
      }
    }
    return inputs;
  }

  /** The sum modulo 2^bits of the inputs of {@code clients} (1-based ids). */
  public static long[] expectedSum(long[][] inputs, Iterable<Integer> clients, int bits) {
    long mask = bits == 64 ? -1L : 0xffff_ffffL;
    long[] sum = new long[inputs[0].length];
    for (int id : clients) {
      for (int j = 0; j < sum.length; j++) {
        sum[j] += inputs[id - 1][j];
      }
    }
    for (int j = 0; j < sum.length; j++) {
      sum[j] &= mask;
    }
    return sum;
  }
}
