package dev.tacit.secagg.shamir;

import dev.tacit.check.Preconditions;
import dev.tacit.secagg.internal.SecretLedger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Shamir t-of-k secret sharing (Shamir, "How to share a secret", CACM 1979) of byte strings: the
 * secret is split into 7-byte chunks, each shared with its own random polynomial of degree t - 1
 * over GF(2^61 - 1), evaluated at the holders' distinct non-zero x-coordinates (client ids).
 */
public final class Shamir {
  /** The field prime, 2^61 - 1. */
  public static final long PRIME = Field61.P;

  /** Bytes of secret per field element. */
  public static final int CHUNK_BYTES = 7;

  private Shamir() {}

  /** The number of chunks (field elements per share) for a secret of {@code secretLength} bytes. */
  public static int chunkCount(int secretLength) {
    return (secretLength + CHUNK_BYTES - 1) / CHUNK_BYTES;
  }

  /**
   * Splits {@code secret} into one share per x-coordinate in {@code xs}, any {@code threshold} of
   * which reconstruct it and fewer of which reveal nothing about it.
   *
   * @throws IllegalArgumentException if the threshold is not in [1, xs.length], or the
   *     x-coordinates are not distinct and in [1, 2^31)
   */
  public static List<ShamirShare> split(
      byte[] secret, int threshold, int[] xs, SecureRandom random) {
    Preconditions.checkNotNull(secret, "secret");
    Preconditions.checkNotNull(xs, "xs");
    Preconditions.checkNotNull(random, "random");
    Preconditions.checkArgument(secret.length >= 1, "secret must not be empty");
    Preconditions.checkArgument(
        threshold >= 1 && threshold <= xs.length,
        "threshold must be in [1, %d] (the number of shares), was %d",
        xs.length,
        threshold);
    checkDistinct(xs);
    int chunks = chunkCount(secret.length);
    long[][] values = new long[xs.length][];
    for (int i = 0; i < xs.length; i++) {
      values[i] = SecretLedger.track(new long[chunks]);
    }
    long[] coefficients = SecretLedger.track(new long[threshold]);
    for (int c = 0; c < chunks; c++) {
      coefficients[0] = chunk(secret, c);
      for (int j = 1; j < threshold; j++) {
        coefficients[j] = randomElement(random);
      }
      for (int i = 0; i < xs.length; i++) {
        long y = 0;
        for (int j = threshold - 1; j >= 0; j--) {
          y = Field61.add(Field61.mul(y, xs[i]), coefficients[j]);
        }
        values[i][c] = y;
      }
    }
    Arrays.fill(coefficients, 0);
    List<ShamirShare> shares = new ArrayList<>(xs.length);
    for (int i = 0; i < xs.length; i++) {
      shares.add(ShamirShare.of(xs[i], values[i]));
      Arrays.fill(values[i], 0);
    }
    return shares;
  }

  /**
   * Reconstructs a secret of {@code secretLength} bytes from the first {@code threshold} of {@code
   * shares} by Lagrange interpolation at zero.
   *
   * @throws IllegalArgumentException if there are fewer than {@code threshold} shares, their
   *     x-coordinates repeat, their chunk counts differ from the secret length's, or a chunk does
   *     not decode to 7 bytes (a wrong share)
   */
  public static byte[] reconstruct(List<ShamirShare> shares, int threshold, int secretLength) {
    Preconditions.checkNotNull(shares, "shares");
    Preconditions.checkArgument(threshold >= 1, "threshold must be >= 1, was %d", threshold);
    Preconditions.checkArgument(
        shares.size() >= threshold,
        "reconstruction needs at least %d shares (the threshold), got %d",
        threshold,
        shares.size());
    int chunks = chunkCount(secretLength);
    int[] xs = new int[threshold];
    for (int i = 0; i < threshold; i++) {
      ShamirShare share = shares.get(i);
      Preconditions.checkArgument(
          share.chunkCount() == chunks,
          "share of client %d has %d chunks, a %d-byte secret needs %d",
          share.x(),
          share.chunkCount(),
          secretLength,
          chunks);
      xs[i] = share.x();
    }
    checkDistinct(xs);
    long[] lagrange = lagrangeAtZero(xs);
    byte[] secret = new byte[secretLength];
    for (int c = 0; c < chunks; c++) {
      long value = 0;
      for (int i = 0; i < threshold; i++) {
        value = Field61.add(value, Field61.mul(lagrange[i], shares.get(i).value(c)));
      }
      int width = Math.min(CHUNK_BYTES, secretLength - c * CHUNK_BYTES);
      Preconditions.checkArgument(
          (value >>> (8 * width)) == 0,
          "reconstructed chunk %d does not fit in %d bytes: the shares are inconsistent",
          c,
          width);
      for (int b = 0; b < width; b++) {
        secret[c * CHUNK_BYTES + b] = (byte) (value >>> (8 * b));
      }
    }
    return secret;
  }

  /** The Lagrange coefficients at zero for the x-coordinates {@code xs}. */
  static long[] lagrangeAtZero(int[] xs) {
    long[] result = new long[xs.length];
    for (int i = 0; i < xs.length; i++) {
      long numerator = 1;
      long denominator = 1;
      for (int j = 0; j < xs.length; j++) {
        if (j != i) {
          numerator = Field61.mul(numerator, xs[j]);
          denominator = Field61.mul(denominator, Field61.sub(xs[j], xs[i]));
        }
      }
      result[i] = Field61.mul(numerator, Field61.inverse(denominator));
    }
    return result;
  }

  private static long chunk(byte[] secret, int c) {
    long value = 0;
    int start = c * CHUNK_BYTES;
    int end = Math.min(secret.length, start + CHUNK_BYTES);
    for (int b = end - 1; b >= start; b--) {
      value = (value << 8) | (secret[b] & 0xffL);
    }
    return value;
  }

  private static long randomElement(SecureRandom random) {
    while (true) {
      long candidate = random.nextLong() & Field61.P;
      if (candidate < Field61.P) {
        return candidate;
      }
    }
  }

  private static void checkDistinct(int[] xs) {
    Set<Integer> seen = new HashSet<>();
    for (int x : xs) {
      Preconditions.checkArgument(x >= 1, "share x-coordinates must be >= 1, was %d", x);
      Preconditions.checkArgument(seen.add(x), "share x-coordinate %d appears twice", x);
    }
  }
}
