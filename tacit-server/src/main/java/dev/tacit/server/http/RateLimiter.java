package dev.tacit.server.http;

import dev.tacit.server.ServerConfig.RateLimit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** A token bucket per key (a device id): a burst of {@code capacity}, refilled continuously. */
public final class RateLimiter {
  private static final int MAX_KEYS = 100_000;

  private final RateLimit limit;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  /** A limiter with the given limit and a nanosecond ticker. */
  public RateLimiter(RateLimit limit, LongSupplier nanoTime) {
    this.limit = limit;
    this.nanoTime = nanoTime;
  }

  /** Takes one token for {@code key}; false if its bucket is empty. */
  public boolean tryAcquire(String key) {
    if (buckets.size() > MAX_KEYS) {
      buckets.clear();
    }
    return buckets
        .computeIfAbsent(key, k -> new Bucket(limit.capacity(), nanoTime.getAsLong()))
        .take(limit, nanoTime.getAsLong());
  }

  /** Forgets {@code key}, for a deleted device. */
  public void forget(String key) {
    buckets.remove(key);
  }

  private static final class Bucket {
    private double tokens;
    private long last;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.last = now;
    }

    synchronized boolean take(RateLimit limit, long now) {
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
