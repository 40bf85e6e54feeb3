package dev.tacit.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SummaryTest {

  @Test
  void oneFold_saysOneFold_insteadOfAZeroSpread() {
    assertThat(Summary.of(0.41).format(4)).isEqualTo("0.4100 (1 fold)");
    assertThat(Summary.of(0.41).toString()).doesNotContain("±");
  }

  @Test
  void severalFolds_showTheSampleStandardDeviation() {
    assertThat(Summary.of(0.4, 0.5).format(4)).isEqualTo("0.4500 ± 0.0707");
    assertThat(Summary.of(1, 1, 1).format(2)).isEqualTo("1.00 ± 0.00");
  }
}
