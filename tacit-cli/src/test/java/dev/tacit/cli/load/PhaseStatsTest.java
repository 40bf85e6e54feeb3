package dev.tacit.cli.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PhaseStatsTest {
  @Test
  void percentile_isTheNearestRank() {
    long[] hundred = LongStream.rangeClosed(1, 100).toArray();

    assertThat(PhaseStats.percentile(hundred, 50)).isEqualTo(50);
    assertThat(PhaseStats.percentile(hundred, 99)).isEqualTo(99);
    assertThat(PhaseStats.percentile(hundred, 100)).isEqualTo(100);
    assertThat(PhaseStats.percentile(new long[] {7}, 1)).isEqualTo(7);
    assertThat(PhaseStats.percentile(new long[] {1, 2, 3}, 50)).isEqualTo(2);
    assertThat(PhaseStats.percentile(new long[0], 50)).isZero();
  }

  @Test
  void of_sortsTheLatencies_andGivesMillisAndThroughput() {
    long[] nanos = {3_000_000, 1_000_000, 2_000_000, 10_000_000};

    PhaseStats s = PhaseStats.of("x", nanos, 2_000_000_000L, Map.of("HTTP 429", 1L), Map.of());

    assertThat(s.requests()).isEqualTo(4);
    assertThat(s.requestsPerSecond()).isEqualTo(2.0);
    assertThat(s.p50Millis()).isEqualTo(2.0);
    assertThat(s.p90Millis()).isEqualTo(10.0);
    assertThat(s.maxMillis()).isEqualTo(10.0);
    assertThat(s.errorCount()).isEqualTo(1);
    assertThat(nanos[0]).as("the caller's array is left alone").isEqualTo(3_000_000);
  }

  @Test
  void invalidInput_isRefusedWithTheValue() {
    assertThatThrownBy(() -> PhaseStats.percentile(new long[] {1}, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was 0.0");
    assertThatThrownBy(() -> PhaseStats.of("x", new long[] {-1}, 1, Map.of(), Map.of()))
        .hasMessageContaining("was -1 ns");
    assertThatThrownBy(() -> PhaseStats.of("x", new long[] {1}, 0, Map.of(), Map.of()))
        .hasMessageContaining("elapsedNanos must be > 0");
  }
}
