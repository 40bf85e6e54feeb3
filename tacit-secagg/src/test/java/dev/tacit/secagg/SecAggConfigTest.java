package dev.tacit.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecAggConfigTest {

  @Test
  void create_forThousandClients_usesOddNeighbourhoodOf21AndThreshold14() {
    SecAggConfig config = SecAggConfig.create("s", 0, 1000, 10);

    assertThat(config.neighbourhoodSize()).isEqualTo(21);
    assertThat(config.threshold()).isEqualTo(14);
    assertThat(config.isCompleteGraph()).isFalse();
    assertThat(config.modulusBits()).isEqualTo(32);
  }

  @Test
  void create_forFewClients_usesTheCompleteGraph() {
    assertThat(SecAggConfig.create("s", 0, 5, 10).isCompleteGraph()).isTrue();
    assertThat(SecAggConfig.create("s", 0, 3, 10).threshold()).isEqualTo(2);
    assertThat(SecAggConfig.create("s", 0, 10, 10).neighbourhoodSize()).isEqualTo(7);
  }

  @Test
  void create_withEvenSparseNeighbourhood_isRefused() {
    assertThatThrownBy(() -> SecAggConfig.create("s", 0, 100, 10).withNeighbourhoodSize(8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "neighbourhoodSize must be odd in [3, numClients) or equal to numClients = 100, was 8");
  }

  @Test
  void withThreshold_aboveNeighbourhood_isRefused() {
    assertThatThrownBy(() -> SecAggConfig.create("s", 0, 100, 10).withThreshold(16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threshold must be in [2, neighbourhoodSize = 15], was 16");
  }

  @Test
  void create_withBadSessionIdOrModulus_isRefused() {
    assertThatThrownBy(() -> SecAggConfig.create("has space", 0, 5, 10))
        .hasMessageContaining("sessionId must be 1-128 characters");
    assertThatThrownBy(() -> SecAggConfig.create("s", 0, 5, 10).withModulusBits(16))
        .hasMessage("modulusBits must be 32 or 64, was 16");
    assertThatThrownBy(() -> SecAggConfig.create("s", 0, 2, 10))
        .hasMessageContaining("numClients must be in [3,");
  }
}
