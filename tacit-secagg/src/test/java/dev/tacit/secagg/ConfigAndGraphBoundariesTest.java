package dev.tacit.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tacit.secagg.graph.NeighbourGraph;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The session parameters and the neighbour graph at the ends of their ranges. */
class ConfigAndGraphBoundariesTest {

  private static void refused(Supplier<?> build, String message) {
    assertThatThrownBy(build::get).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  private static SecAggConfig config(int n, int k, int t, int bits, int m) {
    return new SecAggConfig("s", 0, n, k, t, bits, m, false);
  }

  @Test
  void config_acceptsTheEndsOfEachRange() {
    SecAggConfig low = config(3, 3, 2, 32, 1);
    assertThat(low.isCompleteGraph()).isTrue();
    assertThat(low.modulusMask()).isEqualTo(0xffff_ffffL);
    SecAggConfig sparse = config(4, 3, 3, 64, SecAggConfig.MAX_VECTOR_LENGTH);
    assertThat(sparse.isCompleteGraph()).isFalse();
    assertThat(sparse.modulusMask()).isEqualTo(-1L);
    assertThat(new SecAggConfig("a".repeat(128), 0, 3, 3, 3, 32, 1, true).requireSignatures())
        .isTrue();
    assertThat(config(3, 3, 2, 32, 1).withSignatures(true).requireSignatures()).isTrue();
    assertThat(SecAggConfig.create("s", 0, SecAggConfig.MAX_CLIENTS, 1).numClients())
        .isEqualTo(SecAggConfig.MAX_CLIENTS);
  }

  @Test
  void config_refusesEachParameterJustOutsideItsRange() {
    refused(() -> new SecAggConfig("s", -1, 3, 3, 2, 32, 1, false), "round must be >= 0, was -1");
    refused(() -> config(2, 2, 2, 32, 1), "numClients must be in [3, 1048576], was 2");
    refused(
        () -> config(SecAggConfig.MAX_CLIENTS + 1, 3, 2, 32, 1),
        "numClients must be in [3, 1048576], was 1048577");
    refused(
        () -> config(6, 1, 2, 32, 1),
        "neighbourhoodSize must be odd in [3, numClients) or equal to numClients = 6, was 1");
    refused(
        () -> config(6, 7, 2, 32, 1),
        "neighbourhoodSize must be odd in [3, numClients) or equal to numClients = 6, was 7");
    refused(() -> config(5, 5, 1, 32, 1), "threshold must be in [2, neighbourhoodSize = 5], was 1");
    refused(() -> config(5, 5, 6, 32, 1), "threshold must be in [2, neighbourhoodSize = 5], was 6");
    refused(() -> config(5, 5, 3, 32, 0), "vectorLength must be in [1, 268435456], was 0");
    refused(
        () -> config(5, 5, 3, 32, SecAggConfig.MAX_VECTOR_LENGTH + 1),
        "vectorLength must be in [1, 268435456], was 268435457");
    refused(() -> SecAggConfig.create("s", 0, 2, 1), "numClients must be in [3, 1048576], was 2");
    refused(
        () -> SecAggConfig.create("s", 0, SecAggConfig.MAX_CLIENTS + 1, 1),
        "numClients must be in [3, 1048576], was 1048577");
    refused(
        () -> new SecAggConfig("", 0, 3, 3, 2, 32, 1, false),
        "sessionId must be 1-128 characters from [A-Za-z0-9._:-], was \"\"");
    String long150 = "x".repeat(150);
    refused(
        () -> new SecAggConfig(long150, 0, 3, 3, 2, 32, 1, false),
        "sessionId must be 1-128 characters from [A-Za-z0-9._:-], was \""
            + "x".repeat(140)
            + "...\"");
    refused(
        () -> new SecAggConfig("y".repeat(129), 0, 3, 3, 2, 32, 1, false),
        "sessionId must be 1-128 characters from [A-Za-z0-9._:-], was \"" + "y".repeat(129) + "\"");
  }

  @Test
  void defaults_followTwoLogTwoNRoundedUpToOdd_andTwoThirdsOfTheNeighbourhood() {
    for (int n : new int[] {3, 4, 5, 8, 16, 17, 100, 1000, 4096, 100_000}) {
      int expected = (int) Math.ceil(2 * Math.log(n) / Math.log(2) - 1e-9);
      expected += expected % 2 == 0 ? 1 : 0;
      expected = Math.max(expected, 3);
      expected = expected >= n ? n : expected;
      assertThat(SecAggConfig.defaultNeighbourhoodSize(n)).as("n = %d", n).isEqualTo(expected);
    }
    // 2 log2(16) = 8 exactly: rounded up to the odd 9.
    assertThat(SecAggConfig.defaultNeighbourhoodSize(16)).isEqualTo(9);
    assertThat(SecAggConfig.defaultNeighbourhoodSize(17)).isEqualTo(9);
    assertThat(SecAggConfig.defaultNeighbourhoodSize(3)).isEqualTo(3);
    assertThat(SecAggConfig.defaultNeighbourhoodSize(9)).isEqualTo(7);
    assertThat(SecAggConfig.defaultThreshold(3)).isEqualTo(2);
    assertThat(SecAggConfig.defaultThreshold(9)).isEqualTo(6);
    assertThat(SecAggConfig.defaultThreshold(21)).isEqualTo(14);
    assertThat(SecAggConfig.defaultThreshold(2)).isEqualTo(2);
    SecAggConfig c = SecAggConfig.create("s", 0, 100, 4).withNeighbourhoodSize(7);
    assertThat(c.neighbourhoodSize()).isEqualTo(7);
    assertThat(c.threshold()).isEqualTo(5);
  }

  @Test
  void harary_givesEveryClientExactlyKNeighboursIncludingItself_symmetrically() {
    NeighbourGraph graph = NeighbourGraph.harary(11, 5, new SplittableRandom(3)::nextInt);
    assertThat(graph.size()).isEqualTo(11);
    assertThat(graph.neighbourhoodSize()).isEqualTo(5);
    assertThat(graph.isComplete()).isFalse();
    assertThat(graph.toString()).isEqualTo("NeighbourGraph[n=11, k=5]");
    for (int u = 1; u <= 11; u++) {
      int[] members = graph.neighbourhood(u);
      assertThat(members).hasSize(5).contains(u).isSorted();
      assertThat(Arrays.stream(members).distinct().count()).isEqualTo(5);
      for (int v : members) {
        assertThat(v).isBetween(1, 11);
        assertThat(graph.areNeighbours(u, v)).isTrue();
        assertThat(graph.areNeighbours(v, u)).isTrue();
      }
      int outside = 0;
      for (int v = 1; v <= 11; v++) {
        outside += graph.areNeighbours(u, v) ? 0 : 1;
      }
      assertThat(outside).isEqualTo(6);
    }
    // Different randomness, different graph.
    NeighbourGraph other = NeighbourGraph.harary(11, 5, new SplittableRandom(4)::nextInt);
    boolean differs = false;
    for (int u = 1; u <= 11; u++) {
      differs |= !Arrays.equals(graph.neighbourhood(u), other.neighbourhood(u));
    }
    assertThat(differs).isTrue();
  }

  @Test
  void harary_withKEqualToN_isComplete_andRefusesOtherSizes() {
    NeighbourGraph complete = NeighbourGraph.harary(4, 4, new SplittableRandom(1)::nextInt);
    assertThat(complete.isComplete()).isTrue();
    assertThat(complete.neighbourhood(2)).containsExactly(1, 2, 3, 4);
    assertThat(NeighbourGraph.complete(2).neighbourhood(1)).containsExactly(1, 2);
    refused(() -> NeighbourGraph.complete(1), "n must be >= 2, was 1");
    refused(
        () -> NeighbourGraph.harary(1, 3, new SplittableRandom(1)::nextInt),
        "n must be >= 2, was 1");
    refused(
        () -> NeighbourGraph.harary(6, 4, new SplittableRandom(1)::nextInt),
        "neighbourhood size k must be odd in [3, n) or equal to n = 6, was 4");
    refused(
        () -> NeighbourGraph.harary(6, 1, new SplittableRandom(1)::nextInt),
        "neighbourhood size k must be odd in [3, n) or equal to n = 6, was 1");
    refused(
        () -> NeighbourGraph.harary(6, 7, new SplittableRandom(1)::nextInt),
        "neighbourhood size k must be odd in [3, n) or equal to n = 6, was 7");
    assertThat(NeighbourGraph.harary(4, 3, new SplittableRandom(1)::nextInt).neighbourhood(4))
        .hasSize(3);
    refused(() -> complete.neighbourhood(0), "client id must be in [1, 4], was 0");
    refused(() -> complete.neighbourhood(5), "client id must be in [1, 4], was 5");
    refused(() -> complete.areNeighbours(1, 5), "client id must be in [1, 4], was 5");
  }
}
