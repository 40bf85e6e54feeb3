package dev.tacit.privacy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PreconditionsTest {

  @Test
  void checkPositive_withNegative_namesValueAndRule() {
    assertThatThrownBy(() -> Preconditions.checkPositive(-1.0, "epsilon"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("epsilon must be > 0 and finite, was -1.0");
  }

  @Test
  void checkPositive_withNanOrInfinity_fails() {
    assertThatThrownBy(() -> Preconditions.checkPositive(Double.NaN, "x"))
        .hasMessage("x must be > 0 and finite, was NaN");
    assertThatThrownBy(() -> Preconditions.checkPositive(Double.POSITIVE_INFINITY, "x"))
        .hasMessage("x must be > 0 and finite, was Infinity");
  }

  @Test
  void checkRate_acceptsOne_rejectsZero() {
    assertThat(Preconditions.checkRate(1.0, "q")).isEqualTo(1.0);
    assertThatThrownBy(() -> Preconditions.checkRate(0.0, "q"))
        .hasMessage("q must be in (0, 1], was 0.0");
  }

  @Test
  void checkOpenUnit_rejectsEndpoints() {
    assertThatThrownBy(() -> Preconditions.checkOpenUnit(1.0, "delta"))
        .hasMessage("delta must be in (0, 1), was 1.0");
    assertThatThrownBy(() -> Preconditions.checkOpenUnit(0.0, "delta"))
        .hasMessage("delta must be in (0, 1), was 0.0");
  }

  @Test
  void checkPowerOfTwo_acceptsPowers_rejectsOthers() {
    assertThat(Preconditions.checkPowerOfTwo(0x1.0p-30, "g")).isEqualTo(0x1.0p-30);
    assertThat(Preconditions.checkPowerOfTwo(8, "g")).isEqualTo(8);
    assertThatThrownBy(() -> Preconditions.checkPowerOfTwo(3, "g"))
        .hasMessage("g must be a power of two, was 3.0");
  }

  @Test
  void checkAtLeast_belowMinimum_fails() {
    assertThatThrownBy(() -> Preconditions.checkAtLeast(0, 1, "steps"))
        .hasMessage("steps must be >= 1, was 0");
  }

  @Test
  void everyCheck_returnsTheValueItAccepted() {
    assertThat(Preconditions.checkPositive(2.5, "x")).isEqualTo(2.5);
    assertThat(Preconditions.checkNonNegative(0.0, "x")).isEqualTo(0.0);
    assertThat(Preconditions.checkNonNegative(3.5, "x")).isEqualTo(3.5);
    assertThat(Preconditions.checkOpenUnit(0.25, "x")).isEqualTo(0.25);
    assertThat(Preconditions.checkRate(0.75, "x")).isEqualTo(0.75);
    assertThat(Preconditions.checkAtLeast(7, 7, "x")).isEqualTo(7);
    assertThat(Preconditions.checkPowerOfTwo(0.125, "x")).isEqualTo(0.125);
  }

  @Test
  void checkPowerOfTwo_acceptsTheSmallestNormalPower_refusesSubnormals() {
    assertThat(Preconditions.checkPowerOfTwo(Double.MIN_NORMAL, "g")).isEqualTo(Double.MIN_NORMAL);
    assertThatThrownBy(() -> Preconditions.checkPowerOfTwo(Double.MIN_NORMAL / 2, "g"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("g must be a power of two, was " + Double.MIN_NORMAL / 2);
  }
}
