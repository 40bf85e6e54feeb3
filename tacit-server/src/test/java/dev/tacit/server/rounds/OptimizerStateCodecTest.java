package dev.tacit.server.rounds;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OptimizerStateCodecTest {
  @Test
  void aStateRoundTrips_bitForBit() {
    double[][] state = {{1.5, -0.0, Double.NaN}, {}, {Double.MIN_VALUE}};
    double[][] back = OptimizerStateCodec.decode(OptimizerStateCodec.encode(state));
    assertThat(back[0]).containsExactly(1.5, -0.0, Double.NaN);
    assertThat(Double.doubleToRawLongBits(back[0][1])).isEqualTo(Double.doubleToRawLongBits(-0.0));
    assertThat(back[1]).isEmpty();
    assertThat(back[2]).containsExactly(Double.MIN_VALUE);
  }

  @Test
  void theEmptyState_decodesToNoVectors() {
    assertThat(OptimizerStateCodec.decode(OptimizerStateCodec.empty())).isEmpty();
  }
}
