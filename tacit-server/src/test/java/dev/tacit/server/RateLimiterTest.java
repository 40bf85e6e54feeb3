package dev.tacit.server;

import static org.assertj.core.api.Assertions.assertThat;

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
}
