package dev.tacit.secagg.internal.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tacit.secagg.message.MaskedInput;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Masks really are added on both the 32-bit and the 64-bit path, and subtracting undoes them. */
class ModularVectorTest {

  @ParameterizedTest
  @ValueSource(ints = {32, 64})
  void addStream_masksEveryElement_andSubtractingTheSameStreamRestoresTheVector(int bits) {
    long[] values = new long[64];
    for (int i = 0; i < values.length; i++) {
      values[i] = i * 1000L;
    }
    byte[] key = new byte[32];
    key[0] = 7;
    ModularVector vector = ModularVector.of(bits, values);

    vector.addStream(key, false);
    long[] masked = vector.toResidues();
    vector.addStream(key, true);

    int unchanged = 0;
    boolean aboveInputRange = false;
    for (int i = 0; i < values.length; i++) {
      unchanged += masked[i] == values[i] ? 1 : 0;
      aboveInputRange |= bits == 64 ? (masked[i] >>> 32) != 0 : masked[i] >= 64_000;
    }
    assertThat(unchanged).isZero();
    assertThat(aboveInputRange).isTrue();
    assertThat(vector.toResidues()).isEqualTo(values);
  }

  @ParameterizedTest
  @ValueSource(ints = {32, 64})
  void subtract_takesAnAddedInputBackOut(int bits) {
    ModularVector vector = ModularVector.of(bits, new long[] {5, 6, 7});
    MaskedInput input = new MaskedInput("s", 0, 1, bits, new long[] {1, 2, 3});

    vector.add(input);
    assertThat(vector.toResidues()).containsExactly(6, 8, 10);
    vector.subtract(input);
    assertThat(vector.toResidues()).containsExactly(5, 6, 7);
    vector.clear();
    assertThat(vector.toResidues()).containsExactly(0, 0, 0);
    assertThatThrownBy(() -> vector.subtract(new MaskedInput("s", 0, 1, bits, new long[2])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("input length 2 differs from vector length 3");
  }

  @ParameterizedTest
  @ValueSource(ints = {16, 0, 63})
  void zeros_withAnotherModulus_isRefused(int bits) {
    assertThatThrownBy(() -> ModularVector.zeros(bits, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bits must be 32 or 64, was " + bits);
  }
}
