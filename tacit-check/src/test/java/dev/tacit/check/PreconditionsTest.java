package dev.tacit.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PreconditionsTest {

  @Test
  void checkArgument_passes_whenTrue_and_throwsTheMessage_whenFalse() {
    Preconditions.checkArgument(true, "unused");
    Preconditions.checkArgument(true, "unused %s", 1);
    assertThatThrownBy(() -> Preconditions.checkArgument(false, "k must be even, was 3"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("k must be even, was 3");
    assertThatThrownBy(() -> Preconditions.checkArgument(false, "k must be even, was %d", 3))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("k must be even, was 3");
  }

  @Test
  void checkArgument_formatsWithTheRootLocale() {
    assertThatThrownBy(() -> Preconditions.checkArgument(false, "x was %.1f", 0.5))
        .hasMessage("x was 0.5");
  }

  @Test
  void checkState_passes_whenTrue_and_throwsIllegalState_whenFalse() {
    Preconditions.checkState(true, "unused");
    Preconditions.checkState(true, "unused %s", 1);
    assertThatThrownBy(() -> Preconditions.checkState(false, "round is closed"))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("round is closed");
    assertThatThrownBy(() -> Preconditions.checkState(false, "round %s is closed", "r1"))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("round r1 is closed");
  }

  @Test
  void checkNotNull_returnsTheValue_orNamesIt() {
    assertThat(Preconditions.checkNotNull("v", "name")).isEqualTo("v");
    assertThatThrownBy(() -> Preconditions.checkNotNull(null, "seed"))
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessage("seed must not be null");
  }

  @Test
  void checkPositive_int_acceptsOne_rejectsZero() {
    assertThat(Preconditions.checkPositive(1, "k")).isEqualTo(1);
    assertThatThrownBy(() -> Preconditions.checkPositive(0, "k"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("k must be > 0, was 0");
  }

  @Test
  void checkNonNegative_int_acceptsZero_rejectsMinusOne() {
    assertThat(Preconditions.checkNonNegative(0, "k")).isZero();
    assertThat(Preconditions.checkNonNegative(5, "k")).isEqualTo(5);
    assertThatThrownBy(() -> Preconditions.checkNonNegative(-1, "k"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("k must be >= 0, was -1");
  }

  @Test
  void checkPositive_withNegative_namesValueAndRule() {
    assertThatThrownBy(() -> Preconditions.checkPositive(-1.0, "epsilon"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("epsilon must be > 0 and finite, was -1.0");
    assertThatThrownBy(() -> Preconditions.checkPositive(0.0, "epsilon"))
        .hasMessage("epsilon must be > 0 and finite, was 0.0");
  }

  @Test
  void checkPositive_withNanOrInfinity_fails() {
    assertThatThrownBy(() -> Preconditions.checkPositive(Double.NaN, "x"))
        .hasMessage("x must be > 0 and finite, was NaN");
    assertThatThrownBy(() -> Preconditions.checkPositive(Double.POSITIVE_INFINITY, "x"))
        .hasMessage("x must be > 0 and finite, was Infinity");
  }

  @Test
  void checkNonNegative_double_rejectsNegativeNanAndInfinity() {
    assertThatThrownBy(() -> Preconditions.checkNonNegative(-0.5, "x"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("x must be >= 0 and finite, was -0.5");
    assertThatThrownBy(() -> Preconditions.checkNonNegative(Double.NaN, "x"))
        .hasMessage("x must be >= 0 and finite, was NaN");
    assertThatThrownBy(() -> Preconditions.checkNonNegative(Double.POSITIVE_INFINITY, "x"))
        .hasMessage("x must be >= 0 and finite, was Infinity");
  }

  @Test
  void checkOpenInterval_rejectsBothEndsAndNan() {
    assertThat(Preconditions.checkOpenInterval(0.2, 0, 1, "f")).isEqualTo(0.2);
    assertThatThrownBy(() -> Preconditions.checkOpenInterval(0, 0, 1, "f"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("f must be in (0.0, 1.0), was 0.0");
    assertThatThrownBy(() -> Preconditions.checkOpenInterval(1, 0, 1, "f"))
        .hasMessage("f must be in (0.0, 1.0), was 1.0");
    assertThatThrownBy(() -> Preconditions.checkOpenInterval(Double.NaN, 0, 1, "f"))
        .hasMessage("f must be in (0.0, 1.0), was NaN");
  }

  @Test
  void checkRate_acceptsOne_rejectsZero() {
    assertThat(Preconditions.checkRate(1.0, "q")).isEqualTo(1.0);
    assertThatThrownBy(() -> Preconditions.checkRate(0.0, "q"))
        .hasMessage("q must be in (0, 1], was 0.0");
    assertThatThrownBy(() -> Preconditions.checkRate(1.5, "q"))
        .hasMessage("q must be in (0, 1], was 1.5");
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
    assertThatThrownBy(() -> Preconditions.checkPowerOfTwo(-2, "g"))
        .hasMessage("g must be > 0 and finite, was -2.0");
  }

  @Test
  void checkPowerOfTwo_acceptsTheSmallestNormalPower_refusesSubnormals() {
    assertThat(Preconditions.checkPowerOfTwo(Double.MIN_NORMAL, "g")).isEqualTo(Double.MIN_NORMAL);
    assertThatThrownBy(() -> Preconditions.checkPowerOfTwo(Double.MIN_NORMAL / 2, "g"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("g must be a power of two, was " + Double.MIN_NORMAL / 2);
  }

  @Test
  void checkAtLeast_acceptsTheMinimum_rejectsBelow() {
    assertThat(Preconditions.checkAtLeast(7, 7, "x")).isEqualTo(7);
    assertThatThrownBy(() -> Preconditions.checkAtLeast(0, 1, "steps"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("steps must be >= 1, was 0");
  }

  @Test
  void everyCheck_returnsTheValueItAccepted() {
    assertThat(Preconditions.checkPositive(2.5, "x")).isEqualTo(2.5);
    assertThat(Preconditions.checkNonNegative(0.0, "x")).isEqualTo(0.0);
    assertThat(Preconditions.checkNonNegative(3.5, "x")).isEqualTo(3.5);
    assertThat(Preconditions.checkOpenUnit(0.25, "x")).isEqualTo(0.25);
    assertThat(Preconditions.checkRate(0.75, "x")).isEqualTo(0.75);
    assertThat(Preconditions.checkPowerOfTwo(0.125, "x")).isEqualTo(0.125);
  }

  @Test
  void copyOfLength_returnsACopy_andRefusesOtherLengthsOrNull() {
    byte[] key = {1, 2, 3};
    byte[] copy = Preconditions.copyOfLength(key, 3, "key");
    assertThat(copy).containsExactly(1, 2, 3).isNotSameAs(key);
    assertThatThrownBy(() -> Preconditions.copyOfLength(key, 4, "key"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("key must be 4 bytes long, was 3");
    assertThatThrownBy(() -> Preconditions.copyOfLength(null, 4, "key"))
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessage("key must not be null");
  }
}
