package dev.tacit.spark;

import dev.tacit.privacy.random.RandomSource;

/**
 * The seeded streams of a run. Each device's randomness is derived from the run's seed, the release
 * and its device number exactly as {@code tacit simulate --model cooccurrence} derives it, so that
 * an executor and the single-machine simulation draw the same numbers for the same device (the
 * tests check this bit for bit).
 */
final class Seeds {
  /** The stream of the co-occurrence devices in the simulation. */
  static final long DEVICE_STREAM = 0x636f6f63L;

  /** The stream of the once-added distributed noise. */
  static final long NOISE_STREAM = 0x6e6f697365L;

  /** The stream of the per-user split. */
  static final long SPLIT_STREAM = 0x73706c6974L;

  /** The stream of the local-DP reports. */
  static final long LDP_STREAM = 0x6c6470L;

  /** The stream of the planner's subsamples. */
  static final long SAMPLE_STREAM = 0x73616d706c65L;

  private Seeds() {}

  /** The randomness of {@code device} in {@code release} (simulation only: seeded). */
  static RandomSource device(long seed, long release, int device) {
    return RandomSource.seeded(mix(seed ^ DEVICE_STREAM, release, device));
  }

  /** A 64-bit hash of three values (SplitMix64 finalizer, chained), as the simulator's. */
  static long mix(long a, long b, long c) {
    long h = splitMix(a + 0x9E3779B97F4A7C15L);
    h = splitMix(h ^ (b + 0x632BE59BD9B4E019L));
    return splitMix(h ^ (c + 0x85157AF5A2D4F7EBL));
  }

  /** A hash of a string key, for the per-user streams of a log whose users are named. */
  static long hash(String key) {
    long h = 0x1234567L;
    for (int i = 0; i < key.length(); i++) {
      h = splitMix(h ^ key.charAt(i));
    }
    return h;
  }

  private static long splitMix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
