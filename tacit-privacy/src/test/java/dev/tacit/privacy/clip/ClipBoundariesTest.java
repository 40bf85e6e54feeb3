package dev.tacit.privacy.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Clipping and adaptive clipping at the ends of their ranges. */
class ClipBoundariesTest {

  @Test
  void norm_ofAVectorWithNegativeEntries_isTheSquareRootOfTheSumOfSquares() {
    assertThat(L2Clipping.norm(new double[] {-3, 4})).isEqualTo(5.0);
    assertThat(L2Clipping.norm(new double[] {3, -4, 12})).isEqualTo(13.0);
    // Squares that underflow: the norm is still exact.
    assertThat(L2Clipping.norm(new double[] {3e-170, -4e-170})).isCloseTo(5e-170, within(1e-184));
    assertThat(L2Clipping.norm(new double[] {0, 0})).isZero();
  }

  @Test
  void clipAll_countsOnlyTheVectorsThatWereScaledDown() {
    ClippedBatch batch =
        L2Clipping.clipAll(
            List.of(new double[] {3, 4}, new double[] {0.3, 0.4}, new double[] {6, 8}), 5);

    assertThat(batch.clippedCount()).isEqualTo(1);
    assertThat(batch.clippedFraction()).isEqualTo(1.0 / 3);
    assertThat(batch.vectors().get(2)).containsExactly(3.0, 4.0);
    assertThat(L2Clipping.clipAll(List.of(), 1).clippedFraction()).isZero();
  }

  @Test
  void clippedBatch_acceptsAnyCountFromZeroToTheSize_andRefusesOthers() {
    List<double[]> two = List.of(new double[] {1}, new double[] {2});
    assertThat(new ClippedBatch(two, 0).clippedFraction()).isZero();
    assertThat(new ClippedBatch(two, 2).clippedFraction()).isEqualTo(1.0);
    assertThatThrownBy(() -> new ClippedBatch(two, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("clippedCount must be in [0, 2], was 3");
    assertThatThrownBy(() -> new ClippedBatch(two, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("clippedCount must be in [0, 2], was -1");
  }
}
