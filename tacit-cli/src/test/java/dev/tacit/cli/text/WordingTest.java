package dev.tacit.cli.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WordingTest {

  @Test
  void smallNumbers_readAsPeopleWriteThem() {
    assertThat(Wording.sci(1e-5)).isEqualTo("1e-5");
    assertThat(Wording.sci(2.5e-6)).isEqualTo("2.5e-6");
    assertThat(Wording.sci(1e-9)).isEqualTo("1e-9");
    assertThat(Wording.sci(0.2)).isEqualTo("0.2");
    assertThat(Wording.sci(0.001)).isEqualTo("0.001");
    assertThat(Wording.sci(8)).isEqualTo("8");
    assertThat(Wording.sci(123456789)).isEqualTo("1.23e8");
    assertThat(Wording.sci(0)).isEqualTo("0");
    assertThat(Wording.sci(-1e-5)).isEqualTo("-1e-5");
  }

  @Test
  void counts_agreeWithTheirNoun() {
    assertThat(Wording.count(1, "round")).isEqualTo("1 round");
    assertThat(Wording.count(0, "round")).isEqualTo("0 rounds");
    assertThat(Wording.count(2, "completed round")).isEqualTo("2 completed rounds");
  }
}
