package dev.tacit.federated.server.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TickerTest {
  @Test
  void aClocksTicker_readsItsInstantsInNanoseconds() {
    Instant t = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);
    Ticker ticker = Ticker.of(Clock.fixed(t, ZoneOffset.UTC));
    assertThat(ticker.read()).isEqualTo(1_700_000_000_123_456_789L);
    Ticker later = Ticker.of(Clock.fixed(t.plusNanos(5), ZoneOffset.UTC));
    assertThat(later.read() - ticker.read()).isEqualTo(5);
  }

  @Test
  void theSystemTicker_movesForward() {
    Ticker system = Ticker.system();
    long first = system.read();
    assertThat(system.read() - first).isNotNegative();
  }

  @Test
  void aSystemClocksTicker_isTheMonotonicOne_notTheWallClock() {
    long before = System.nanoTime();
    long reading = Ticker.of(Clock.systemUTC()).read();
    long after = System.nanoTime();
    assertThat(reading).isBetween(before, after);
    long zoned = Ticker.of(Clock.system(java.time.ZoneId.of("Europe/Paris"))).read();
    assertThat(zoned).isBetween(before, System.nanoTime());
  }

  @Test
  void aTickerNeedsAClock() {
    assertThatThrownBy(() -> Ticker.of(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clock");
  }
}
