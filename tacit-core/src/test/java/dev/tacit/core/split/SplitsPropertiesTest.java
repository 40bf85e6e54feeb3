package dev.tacit.core.split;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.core.data.Csr;
import dev.tacit.core.data.Interactions;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class SplitsPropertiesTest {
  private static Interactions data(int users, int items, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Interactions.Builder b = Interactions.builder(users, items);
    for (int k = 0; k < n; k++) {
      b.add(r.nextInt(users), r.nextInt(items), 1 + r.nextInt(5), r.nextInt(20));
    }
    return b.build();
  }

  /** Train and test are disjoint, their union is the input, and every multi-item user trains. */
  private static void assertPartition(Interactions in, Split s) {
    assertThat(s.train().numUsers()).isEqualTo(in.numUsers());
    assertThat(s.train().numItems()).isEqualTo(in.numItems());
    assertThat(s.train().size() + s.test().size()).isEqualTo(in.size());
    Csr all = in.byUser();
    Csr tr = s.train().byUser();
    Csr te = s.test().byUser();
    for (int u = 0; u < all.rows(); u++) {
      int pt = tr.start(u);
      int pe = te.start(u);
      for (int p = all.start(u); p < all.end(u); p++) {
        int i = all.indices()[p];
        // rows are sorted, so walking the three in step finds each entry in exactly one
        if (pt < tr.end(u) && tr.indices()[pt] == i) {
          assertThat(tr.values()[pt]).isEqualTo(all.values()[p]);
          assertThat(tr.times()[pt]).isEqualTo(all.times()[p]);
          pt++;
        } else {
          assertThat(pe).isLessThan(te.end(u));
          assertThat(te.indices()[pe]).isEqualTo(i);
          assertThat(te.values()[pe]).isEqualTo(all.values()[p]);
          assertThat(te.times()[pe]).isEqualTo(all.times()[p]);
          pe++;
        }
      }
      assertThat(pt).isEqualTo(tr.end(u));
      assertThat(pe).isEqualTo(te.end(u));
      if (all.rowSize(u) >= 1) {
        assertThat(tr.rowSize(u)).isPositive();
      }
    }
  }

  @Property(tries = 200)
  void randomHoldout_partitionsTheData(
      @ForAll @IntRange(min = 1, max = 30) int users,
      @ForAll @IntRange(min = 1, max = 30) int items,
      @ForAll @IntRange(min = 0, max = 400) int n,
      @ForAll @DoubleRange(min = 0.01, max = 0.99) double fraction,
      @ForAll long seed) {
    Interactions in = data(users, items, n, seed);
    assertPartition(in, Splits.randomHoldout(in, fraction, seed));
  }

  @Property(tries = 200)
  void temporalLeaveLastK_partitionsTheData(
      @ForAll @IntRange(min = 1, max = 30) int users,
      @ForAll @IntRange(min = 1, max = 30) int items,
      @ForAll @IntRange(min = 0, max = 400) int n,
      @ForAll @IntRange(min = 1, max = 10) int k,
      @ForAll long seed) {
    Interactions in = data(users, items, n, seed);
    assertPartition(in, Splits.temporalLeaveLastK(in, k));
  }
}
