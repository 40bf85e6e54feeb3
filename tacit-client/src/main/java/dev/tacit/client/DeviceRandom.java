package dev.tacit.client;

import dev.tacit.privacy.random.RandomSource;

/**
 * The random bits of the device's noise, rounding and randomized responses, 64 at a time. The
 * default is a cryptographically secure source seeded from the client's {@code SecureRandom}: the
 * privacy of everything a device sends rests on it.
 */
@FunctionalInterface
public interface DeviceRandom {
  /** 64 uniformly random bits. */
  long nextLong();

  /**
   * A reproducible source (AES-CTR keyed from {@code seed}), for tests and simulations only: noise
   * whose seed is known protects nothing.
   */
  static DeviceRandom seeded(long seed) {
    RandomSource source = RandomSource.seeded(seed);
    return source::nextLong;
  }
}
