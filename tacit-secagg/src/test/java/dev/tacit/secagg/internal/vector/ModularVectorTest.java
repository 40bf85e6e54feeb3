package dev.tacit.secagg.internal.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tacit.secagg.ManualSession;
import dev.tacit.secagg.SecAggConfig;
import dev.tacit.secagg.message.MaskedInput;
import dev.tacit.secagg.message.RoutedShares;
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
  void aClientsMaskedInput_hidesItsInput_onBothPaths(int bits) {
    ManualSession session =
        new ManualSession(
                SecAggConfig.create("manual", 3, 5, 16).withThreshold(3).withModulusBits(bits), 7)
            .advertise()
            .share();
    RoutedShares shares = session.routed.get(1);

    MaskedInput masked = session.clients[1].maskInput(shares, session.inputs[0]);

    int unchanged = 0;
    int highBits = 0;
    for (int j = 0; j < masked.length(); j++) {
      unchanged += masked.get(j) == session.inputs[0][j] ? 1 : 0;
      highBits += bits == 64 && (masked.get(j) >>> 32) != 0 ? 1 : 0;
    }
    assertThat(unchanged).isZero();
    if (bits == 64) {
      // The inputs are 32-bit residues; a mask fills all 64 bits.
      assertThat(highBits).isGreaterThan(8);
    }
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
