package dev.tacit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The figures a device reports are core's NDCG@10 and hit rate@10 over item ids. */
class DeviceEvaluationTest {
  private static double discount(int rank) {
    return 1 / (Math.log(rank + 2) / Math.log(2));
  }

  @Test
  void aHeldBackItemAtRankTwo_scoresItsDiscountOverTheIdealOfAllHeldBackItems() {
    double[] f = DeviceEvaluation.ndcgAndHit(List.of("a", "b", "c"), List.of("b", "z"));

    assertThat(f[0]).isCloseTo(discount(1) / (discount(0) + discount(1)), within(1e-12));
    assertThat(f[1]).isEqualTo(1.0);
  }

  @Test
  void noHeldBackItemInTheList_scoresZero() {
    double[] f = DeviceEvaluation.ndcgAndHit(List.of("a", "b"), List.of("x"));

    assertThat(f).containsExactly(0.0, 0.0);
  }

  @Test
  void aHeldBackItemNamedTwice_countsOnceInTheIdeal() {
    double[] f = DeviceEvaluation.ndcgAndHit(List.of("x"), List.of("x", "x"));

    assertThat(f).containsExactly(1.0, 1.0);
  }

  @Test
  void onlyTheTopTenCount() {
    List<String> ranked = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "x");

    assertThat(DeviceEvaluation.ndcgAndHit(ranked, List.of("x"))).containsExactly(0.0, 0.0);
  }
}
