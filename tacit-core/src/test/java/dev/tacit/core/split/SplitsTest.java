package dev.tacit.core.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tacit.core.data.Csr;
import dev.tacit.core.data.Interactions;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SplitsTest {
  /** User u has u + 1 interactions with items 0..u, times decreasing with the item. */
  private static Interactions staircase(int users) {
    Interactions.Builder b = Interactions.builder(users, users);
    for (int u = 0; u < users; u++) {
      for (int i = 0; i <= u; i++) {
        b.add(u, i, 1 + i, 1000 - i);
      }
    }
    return b.build();
  }

  private static Interactions random(int users, int items, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Interactions.Builder b = Interactions.builder(users, items);
    for (int k = 0; k < n; k++) {
      b.add(r.nextInt(users), r.nextInt(items), 1, r.nextInt(100));
    }
    return b.build();
  }

  @Test
  void randomHoldout_holdsOutAboutTheFractionPerUser_keepingOneInTrain() {
    Interactions data = staircase(50);
    Split s = Splits.randomHoldout(data, 0.2, 7);
    assertThat(s.name()).isEqualTo("random-seed-7");
    for (int u = 0; u < 50; u++) {
      int n = u + 1;
      int t = s.test().byUser().rowSize(u);
      if (n == 1) {
        assertThat(t).isZero();
      } else {
        assertThat(t).isEqualTo((int) Math.min(n - 1, Math.max(1, Math.round(0.2 * n))));
        assertThat(s.train().byUser().rowSize(u)).isEqualTo(n - t).isPositive();
      }
    }
  }

  @Test
  void randomHoldout_isDeterministicForASeed_andDiffersAcrossSeeds() {
    Interactions data = random(200, 100, 4000, 1);
    Split a = Splits.randomHoldout(data, 0.3, 11);
    Split b = Splits.randomHoldout(data, 0.3, 11);
    Split c = Splits.randomHoldout(data, 0.3, 12);
    assertThat(a.test().byUser()).isEqualTo(b.test().byUser());
    assertThat(a.train().byUser()).isEqualTo(b.train().byUser());
    assertThat(a.test().byUser()).isNotEqualTo(c.test().byUser());
  }

  @Test
  void randomHoldout_keepsWeightsAndTimes() {
    Interactions data = staircase(10);
    Split s = Splits.randomHoldout(data, 0.5, 3);
    Csr t = s.test().byUser();
    for (int u = 0; u < 10; u++) {
      for (int p = t.start(u); p < t.end(u); p++) {
        int i = t.indices()[p];
        assertThat(t.values()[p]).isEqualTo(1f + i);
        assertThat(t.times()[p]).isEqualTo(1000L - i);
      }
    }
  }

  @Test
  void randomHoldout_repetitions_useConsecutiveSeeds() {
    List<Split> reps = Splits.randomHoldout(staircase(5), 0.5, 40, 3);
    assertThat(reps)
        .extracting(Split::name)
        .containsExactly("random-seed-40", "random-seed-41", "random-seed-42");
  }

  @Test
  void randomHoldout_rejectsFractionOutsideOpenUnitInterval() {
    Interactions data = staircase(3);
    assertThatThrownBy(() -> Splits.randomHoldout(data, 1.0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("testFraction must be in (0.0, 1.0), was 1.0");
    assertThatThrownBy(() -> Splits.randomHoldout(data, Double.NaN, 1))
        .hasMessageContaining("testFraction");
    assertThatThrownBy(() -> Splits.randomHoldout(data, 0.2, 1, 0))
        .hasMessage("repetitions must be > 0, was 0");
  }

  @Test
  void temporalLeaveLastK_holdsOutTheLatestInteractions() {
    // staircase times decrease with the item: the latest are the lowest item indices
    Split s = Splits.temporalLeaveLastK(staircase(6), 2);
    assertThat(s.name()).isEqualTo("temporal-last-2");
    assertThat(s.test().byUser().row(0)).isEmpty();
    assertThat(s.test().byUser().row(1)).containsExactly(0);
    assertThat(s.test().byUser().row(5)).containsExactly(0, 1);
    assertThat(s.train().byUser().row(5)).containsExactly(2, 3, 4, 5);
  }

  @Test
  void temporalLeaveLastK_breaksTimeTiesByItemIndex() {
    Interactions.Builder b = Interactions.builder(1, 5);
    b.add(0, 4, 1, 50).add(0, 1, 1, 50).add(0, 3, 1, 50).add(0, 0, 1, 10).add(0, 2, 1, 60);
    Split s = Splits.temporalLeaveLastK(b.build(), 3);
    assertThat(s.test().byUser().row(0)).containsExactly(2, 3, 4);
  }

  @Test
  void temporalLeaveLastK_rejectsNonPositiveK() {
    assertThatThrownBy(() -> Splits.temporalLeaveLastK(staircase(2), 0))
        .hasMessage("k must be > 0, was 0");
  }
}
