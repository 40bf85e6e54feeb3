package dev.tacit.federated.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tacit.federated.RoundPlan;
import dev.tacit.privacy.random.RandomSource;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The sum check's bound and norm against the formula computed here, and the cohort samplers. */
class SumCheckAndSamplerTest {
  private static final double T = Math.log(1e9);

  private static RoundPlan plan(int dim, int bits, double deviceSigma, double serverSigma) {
    return new RoundPlan(3, 2, dim, 1.0, 16, bits, deviceSigma, serverSigma, 20, 1, 10, 2, 10);
  }

  @Test
  void bound_isNTimesTheSensitivityPlusTheNoiseTail() {
    RoundPlan plan = plan(9, 32, 3, 4);
    double sigmaSquared = 5 * 9.0 + 16.0;
    double expected = 5 * 20 + Math.sqrt(sigmaSquared * (9 + 2 * Math.sqrt(9 * T) + 2 * T));

    assertThat(SumCheck.bound(plan, 5)).isCloseTo(expected, within(1e-9));
    assertThat(SumCheck.bound(plan(9, 32, 0, 0), 5)).isEqualTo(100.0);
    assertThatThrownBy(() -> SumCheck.bound(plan, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("counted must be >= 1, was 0");
    assertThat(SumCheck.bound(plan, 1)).isGreaterThan(20);
  }

  @Test
  void norm_readsResiduesCentred() {
    // 2^32 - 3 is -3 modulo 2^32; 4 stays 4: the norm is 5.
    assertThat(SumCheck.norm(plan(2, 32, 0, 0), new long[] {0xffff_fffdL, 4})).isEqualTo(5.0);
    assertThat(SumCheck.norm(plan(2, 64, 0, 0), new long[] {-3, 4})).isEqualTo(5.0);
  }

  @Test
  void check_acceptsASumAtTheBound_andRejectsOneAbove() {
    RoundPlan plan = plan(1, 32, 0, 0); // bound for 2 devices: 40
    SumCheck.check(plan, new long[] {40}, 2);
    SumCheck.check(plan, new long[] {0xffff_ffffL & -40L}, 2);

    assertThatThrownBy(() -> SumCheck.check(plan, new long[] {41}, 2))
        .isInstanceOf(SumRejectedException.class)
        .satisfies(
            e -> {
              SumRejectedException r = (SumRejectedException) e;
              assertThat(r.norm()).isEqualTo(41 / 16.0);
              assertThat(r.bound()).isEqualTo(40 / 16.0);
              assertThat(r.getMessage())
                  .startsWith("rejected: the sum's L2 norm 2.56250 exceeds the bound 2.50000")
                  .contains("for 2 devices");
              assertThat(r.round()).isEqualTo(3);
            });
  }

  @Test
  void poisson_keepsEachDeviceWithProbabilityQ_andAccountsWithQ() {
    CohortSampler sampler = CohortSampler.poisson(0.25);
    int[] cohort = sampler.sample(4000, RandomSource.seeded(1));

    assertThat(cohort.length).isBetween(900, 1100);
    assertThat(cohort).isSorted();
    assertThat(Arrays.stream(cohort).distinct().count()).isEqualTo(cohort.length);
    assertThat(cohort[cohort.length - 1]).isLessThan(4000);
    assertThat(sampler.accountingRate(4000)).isEqualTo(0.25);
    assertThat(sampler.expectedSize(4000)).isEqualTo(1000.0);
    assertThat(sampler.toString()).isEqualTo("poisson(q=0.25)");
    assertThat(CohortSampler.poisson(1).sample(5, RandomSource.seeded(2)))
        .containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void poisson_refusesARateOutsideZeroToOne() {
    for (double q : new double[] {0, 1.5, Double.NaN}) {
      assertThatThrownBy(() -> CohortSampler.poisson(q))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("sampling rate q must be in (0, 1], was " + q);
    }
  }

  @Test
  void fixedSize_drawsExactlyThatManyDistinctDevices_uniformly() {
    CohortSampler sampler = CohortSampler.fixedSize(3);
    int[] hits = new int[6];
    RandomSource random = RandomSource.seeded(3);
    for (int run = 0; run < 3000; run++) {
      int[] cohort = sampler.sample(6, random);
      assertThat(cohort).hasSize(3).isSorted();
      assertThat(Arrays.stream(cohort).distinct().count()).isEqualTo(3);
      for (int d : cohort) {
        hits[d]++;
      }
    }
    for (int h : hits) {
      assertThat(h).isBetween(1350, 1650); // 1500 expected
    }
    assertThat(sampler.sample(2, random)).containsExactly(0, 1);
    assertThat(sampler.accountingRate(100)).isEqualTo(1.0);
    assertThat(sampler.expectedSize(100)).isEqualTo(3.0);
    assertThat(sampler.expectedSize(2)).isEqualTo(2.0);
    assertThat(sampler.toString()).isEqualTo("fixed(3)");
    assertThatThrownBy(() -> CohortSampler.fixedSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cohort size must be >= 1, was 0");
  }
}
