package dev.tacit.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.core.data.Interactions;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class TopKTest {
  @Test
  void select_returnsBestFirst_andSkipsExcluded() {
    float[] s = {0.1f, 0.9f, 0.5f, 0.7f, 0.3f};
    Interactions seen = Interactions.builder(1, 5).add(0, 1, 1, 0).build();
    assertThat(TopK.select(s, 3, null, 0)).containsExactly(1, 3, 2);
    assertThat(TopK.select(s, 3, seen.byUser(), 0)).containsExactly(3, 2, 4);
  }

  @Test
  void select_breaksTiesByLowerIndex_andSkipsNaN() {
    float[] s = {1f, Float.NaN, 1f, 2f, 1f};
    assertThat(TopK.select(s, 3, null, 0)).containsExactly(3, 0, 2);
  }

  @Test
  void select_withKLargerThanItems_returnsAll() {
    assertThat(TopK.select(new float[] {1f, 3f}, 10, null, 0)).containsExactly(1, 0);
    assertThat(TopK.select(new float[] {1f, 3f}, 0, null, 0)).isEmpty();
  }

  @Property(tries = 200)
  void select_agreesWithAFullSort(
      @ForAll @Size(min = 1, max = 200) float[] scores,
      @ForAll @IntRange(min = 1, max = 50) int k) {
    for (int i = 0; i < scores.length; i++) {
      if (Float.isNaN(scores[i])) {
        scores[i] = 0f;
      }
    }
    int[] expected =
        IntStream.range(0, scores.length)
            .boxed()
            .sorted(
                Comparator.<Integer>comparingDouble(i -> -scores[i])
                    .thenComparing(Comparator.naturalOrder()))
            .limit(k)
            .mapToInt(Integer::intValue)
            .toArray();
    assertThat(TopK.select(scores, k, null, 0)).isEqualTo(expected);
    assertThat(Arrays.stream(expected).distinct().count()).isEqualTo(expected.length);
  }
}
