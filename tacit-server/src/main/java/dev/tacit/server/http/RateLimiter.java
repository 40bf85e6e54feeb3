package dev.tacit.server.http;

import static dev.tacit.check.Preconditions.checkArgument;

import dev.tacit.server.config.ServerConfig.RateLimit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (a device id, or a source address): a burst of {@code capacity}, refilled
 * continuously. At most {@code maxKeys} buckets are kept; past that the least recently used one is
 * forgotten (a forgotten key starts again with a full bucket), so flooding the table with new keys
 * never resets the bucket of a key in use.
 */
public final class RateLimiter {
  /** The buckets kept by default. */
  public static final int DEFAULT_MAX_KEYS = 100_000;

  private final RateLimit limit;
  private final LongSupplier nanoTime;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Bucket> buckets;

  /** A limiter with the given limit and a nanosecond ticker, keeping {@value #DEFAULT_MAX_KEYS}. */
  public RateLimiter(RateLimit limit, LongSupplier nanoTime) {
    this(limit, nanoTime, DEFAULT_MAX_KEYS);
  }

  /**
   * A limiter keeping at most {@code maxKeys} buckets.
   *
   * @throws IllegalArgumentException if {@code maxKeys < 1}
   */
  public RateLimiter(RateLimit limit, LongSupplier nanoTime, int maxKeys) {
    checkArgument(maxKeys >= 1, "maxKeys must be >= 1, was %s", maxKeys);
    this.limit = java.util.Objects.requireNonNull(limit, "limit");
    this.nanoTime = java.util.Objects.requireNonNull(nanoTime, "nanoTime");
    this.buckets =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > maxKeys;
          }
        };
  }

  /** Takes one token for {@code key}; false if its bucket is empty. */
  public boolean tryAcquire(String key) {
    lock.lock();
    try {
      long now = nanoTime.getAsLong();
      return buckets.computeIfAbsent(key, k -> new Bucket(limit.capacity(), now)).take(limit, now);
    } finally {
      lock.unlock();
    }
  }

  /** Forgets {@code key}, for a deleted device. */
  public void forget(String key) {
    lock.lock();
    try {
      buckets.remove(key);
    } finally {
      lock.unlock();
    }
  }

  /** The number of buckets kept. */
  public int size() {
    lock.lock();
    try {
      return buckets.size();
    } finally {
      lock.unlock();
    }
  }

  private static final class Bucket {
    private double tokens;
    private long last;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.last = now;
    }

    boolean take(RateLimit limit, long now) {
      double refill = (now - last) / 1e9 * limit.perSecond();
      tokens = Math.min(limit.capacity(), tokens + Math.max(0, refill));
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }
  }
}
