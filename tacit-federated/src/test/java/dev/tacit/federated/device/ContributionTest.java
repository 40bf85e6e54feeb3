package dev.tacit.federated.device;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A contribution copies its vector and compares by content. */
class ContributionTest {

  @Test
  void contribution_copiesItsVector_andComparesByContent() {
    long[] encoded = {1, 2, 3};
    Contribution c = new Contribution(encoded, 2.5, true);
    encoded[0] = 9;
    c.encoded()[1] = 9;

    assertThat(c.encoded()).containsExactly(1, 2, 3);
    assertThat(c.encodedShared()).containsExactly(1, 2, 3);
    Contribution same = new Contribution(new long[] {1, 2, 3}, 2.5, true);
    assertThat(c).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(c).isNotEqualTo(new Contribution(new long[] {1, 2, 4}, 2.5, true));
    assertThat(c).isNotEqualTo(new Contribution(new long[] {1, 2, 3}, 2.75, true));
    assertThat(c).isNotEqualTo(new Contribution(new long[] {1, 2, 3}, 2.5, false));
    assertThat(c.toString()).isEqualTo("Contribution[length=3, clipped=true]");
  }
}
