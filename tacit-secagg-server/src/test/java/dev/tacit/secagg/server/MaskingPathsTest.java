package dev.tacit.secagg.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.secagg.SecAggConfig;
import dev.tacit.secagg.message.MaskedInput;
import dev.tacit.secagg.message.RoutedShares;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** In a session, a client's masks really are added on both the 32-bit and the 64-bit path. */
class MaskingPathsTest {

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
}
