package dev.tacit.privacy.random;

import java.security.SecureRandom;

/**
 * A stream of uniformly random bits for the noise mechanisms. Instances are not thread-safe: use
 * one per thread.
 *
 * <p>{@link #secure()} is the source to use wherever privacy depends on the noise; {@link
 * #seeded(long)} is a reproducible fake for tests and simulations only.
 */
public interface RandomSource {

  /** The next 64 uniformly random bits. */
  long nextLong();

  /** A uniform integer in {@code [0, bound)}, without modulo bias (Lemire 2019). */
  default int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be > 0, was " + bound);
    }
    long m = (nextLong() >>> 32) * bound;
    long low = m & 0xFFFFFFFFL;
    if (low < bound) {
      long threshold = (0x1_0000_0000L - bound) % bound;
      while (low < threshold) {
        m = (nextLong() >>> 32) * bound;
        low = m & 0xFFFFFFFFL;
      }
    }
    return (int) (m >>> 32);
  }

  /** A uniform double in {@code [0, 1)} on the grid of multiples of 2^-53. */
  default double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** A fair random bit. */
  default boolean nextBoolean() {
    return nextLong() < 0;
  }

  /**
   * A cryptographically secure source: the AES-128 counter-mode keystream (NIST SP 800-38A) under a
   * key and initial counter drawn from a new {@link SecureRandom}, generated in bulk blocks.
   */
  static RandomSource secure() {
    return secure(new SecureRandom());
  }

  /** A secure source keyed from {@code seedSource}. */
  static RandomSource secure(SecureRandom seedSource) {
    if (seedSource == null) {
      throw new NullPointerException("seedSource must not be null");
    }
    byte[] key = new byte[16];
    byte[] iv = new byte[16];
    seedSource.nextBytes(key);
    seedSource.nextBytes(iv);
    return new AesCtrRandomSource(key, iv);
  }

  /**
   * A deterministic source for tests: the same AES-CTR stream under a key derived from {@code
   * seed}. Not secure: anyone who knows the seed knows the noise.
   */
  static RandomSource seeded(long seed) {
    byte[] key = new byte[16];
    byte[] iv = new byte[16];
    long s = seed;
    for (int i = 0; i < 16; i++) {
      s = mix(s + 0x9E3779B97F4A7C15L);
      key[i] = (byte) s;
      iv[i] = (byte) (s >>> 8);
    }
    return new AesCtrRandomSource(key, iv);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
