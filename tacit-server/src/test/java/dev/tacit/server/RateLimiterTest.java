package dev.tacit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.http.RateLimiter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final AtomicLong now = new AtomicLong();
  private final RateLimiter limiter = new RateLimiter(new ServerConfig.RateLimit(2, 4.0), now::get);

  @Test
  void burst_isCapacity_thenRefusesUntilRefilled() {
    assertThat(limiter.tryAcquire("d")).isTrue();
    assertThat(limiter.tryAcquire("d")).isTrue();
    assertThat(limiter.tryAcquire("d")).isFalse();
    now.addAndGet(250_000_000L); // 0.25 s at 4 per second: one token
    assertThat(limiter.tryAcquire("d")).isTrue();
    assertThat(limiter.tryAcquire("d")).isFalse();
  }

  @Test
  void refill_neverExceedsCapacity() {
    now.addAndGet(60_000_000_000L);
    assertThat(limiter.tryAcquire("d")).isTrue();
    assertThat(limiter.tryAcquire("d")).isTrue();
    assertThat(limiter.tryAcquire("d")).isFalse();
  }

  @Test
  void buckets_areIndependentPerKey() {
    limiter.tryAcquire("a");
    limiter.tryAcquire("a");
    assertThat(limiter.tryAcquire("a")).isFalse();
    assertThat(limiter.tryAcquire("b")).isTrue();
  }

  /**
   * Issue 13 (Low): past 100,000 keys the limiter used to clear its whole table, so an attacker who
   * spent its bucket could refill it by sending requests under 100,001 other keys. Now the least
   * recently used buckets go, and a key in use keeps its (empty) bucket.
   */
  @Test
  void floodingTheTableWithNewKeys_neverRefillsAKeyInUse() {
    RateLimiter slow = new RateLimiter(new ServerConfig.RateLimit(2, 1e-9), now::get);
    assertThat(slow.tryAcquire("attacker")).isTrue();
    assertThat(slow.tryAcquire("attacker")).isTrue();
    for (int i = 0; i <= 100_001; i++) {
      slow.tryAcquire("k" + i);
      if (i % 10_000 == 0) {
        assertThat(slow.tryAcquire("attacker")).as("after %d other keys", i).isFalse();
      }
    }
    assertThat(slow.tryAcquire("attacker")).isFalse();
  }

  @Test
  void pastMaxKeys_theLeastRecentlyUsedBucketIsForgotten() {
    RateLimiter small = new RateLimiter(new ServerConfig.RateLimit(1, 1e-9), now::get, 2);
    assertThat(small.tryAcquire("a")).isTrue();
    assertThat(small.tryAcquire("b")).isTrue();
    assertThat(small.tryAcquire("a")).isFalse(); // a is now the most recently used
    assertThat(small.tryAcquire("c")).isTrue(); // evicts b, the least recently used
    assertThat(small.size()).isEqualTo(2);
    assertThat(small.tryAcquire("a")).isFalse(); // a kept its empty bucket
    assertThat(small.tryAcquire("b")).isTrue(); // b starts again with a full bucket
  }
}
