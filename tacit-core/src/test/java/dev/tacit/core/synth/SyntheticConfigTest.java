package dev.tacit.core.synth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyntheticConfigTest {
  private static final SyntheticConfig BASE =
      new SyntheticConfig(100, 40, 8, 0.7, 0.4, 10, 6, 3, 1.5, 9);

  @Test
  void eachWither_changesOnlyItsOwnSettings() {
    assertThat(BASE.withLatentDim(5))
        .isEqualTo(new SyntheticConfig(100, 40, 5, 0.7, 0.4, 10, 6, 3, 1.5, 9));
    assertThat(BASE.withExponents(1.1, 0.2))
        .isEqualTo(new SyntheticConfig(100, 40, 8, 1.1, 0.2, 10, 6, 3, 1.5, 9));
    assertThat(BASE.withMeanInteractions(12))
        .isEqualTo(new SyntheticConfig(100, 40, 8, 0.7, 0.4, 12, 6, 3, 1.5, 9));
    assertThat(BASE.withCategoriesAndGroups(4, 2))
        .isEqualTo(new SyntheticConfig(100, 40, 8, 0.7, 0.4, 10, 4, 2, 1.5, 9));
    assertThat(BASE.withAffinityScale(0))
        .isEqualTo(new SyntheticConfig(100, 40, 8, 0.7, 0.4, 10, 6, 3, 0, 9));
    assertThat(BASE.withSeed(10))
        .isEqualTo(new SyntheticConfig(100, 40, 8, 0.7, 0.4, 10, 6, 3, 1.5, 10));
  }
}
