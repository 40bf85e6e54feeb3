package dev.tacit.secagg.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NeighbourGraphTest {

  @Test
  void harary_everyNeighbourhoodHasKMembersIncludingItself_andIsSymmetric() {
    NeighbourGraph graph = NeighbourGraph.harary(1000, 21, new SplittableRandom(1)::nextInt);

    for (int u = 1; u <= 1000; u++) {
      int[] members = graph.neighbourhood(u);
      assertThat(members).hasSize(21).doesNotHaveDuplicates().contains(u);
      for (int v : members) {
        assertThat(graph.areNeighbours(v, u)).isTrue();
      }
    }
  }

  @Test
  void harary_isRandomlyRelabelled() {
    NeighbourGraph a = NeighbourGraph.harary(100, 7, new SplittableRandom(1)::nextInt);
    NeighbourGraph b = NeighbourGraph.harary(100, 7, new SplittableRandom(2)::nextInt);

    assertThat(a.neighbourhood(1)).isNotEqualTo(b.neighbourhood(1));
    // Not simply the ring 1..n: client 1's neighbours are not all within distance 3.
    boolean ring = true;
    for (int v : a.neighbourhood(50)) {
      ring &= Math.abs(v - 50) <= 3;
    }
    assertThat(ring).isFalse();
  }

  @Test
  void harary_withKEqualToN_isComplete() {
    NeighbourGraph graph = NeighbourGraph.harary(6, 6, new SplittableRandom(1)::nextInt);

    assertThat(graph.isComplete()).isTrue();
    assertThat(graph.neighbourhood(4)).containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  void harary_withEvenK_isRefused() {
    assertThatThrownBy(() -> NeighbourGraph.harary(10, 4, new SplittableRandom(1)::nextInt))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("neighbourhood size k must be odd in [3, n) or equal to n = 10, was 4");
  }
}
