package dev.tacit.federated.server.hierarchy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tacit.federated.PrivacySettings;
import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.server.ReleaseCalibration;
import dev.tacit.privacy.random.RandomSource;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HierarchicalReleaseTest {
  private static final double Z = 0.7;
  private static final int DIM = 6;

  private static PrivacySettings privacy(double survivors, double kappa) {
    return new PrivacySettings(1, Z, PrivacySettings.NoiseAt.DEVICES, survivors, kappa);
  }

  private static HierarchicalRelease release(int population, int max, double survivors) {
    return HierarchicalRelease.plan(
        3, 2, DIM, privacy(survivors, 0.2), 32, population, max, RandomSource.seeded(9));
  }

  @Test
  void population_isShuffledIntoBalancedCohorts_eachDeviceOnce() {
    HierarchicalRelease r = release(103, 25, 1);
    assertThat(r.cohorts()).isEqualTo(5); // ceil(103/25)
    int[] seen = new int[103];
    int[] sizes = new int[r.cohorts()];
    for (int k = 0; k < r.cohorts(); k++) {
      int[] c = r.cohort(k);
      sizes[k] = c.length;
      assertThat(c).isSorted();
      for (int d : c) {
        seen[d]++;
      }
    }
    assertThat(seen).containsOnly(1);
    assertThat(sizes).containsExactly(21, 21, 21, 20, 20);
    // Shuffled, not cut in index order.
    assertThat(r.cohort(0)).isNotEqualTo(java.util.stream.IntStream.range(0, 21).toArray());
  }

  @Test
  void populationThatFitsOneSession_isOneCohort() {
    HierarchicalRelease r = release(25, 25, 1);
    assertThat(r.cohorts()).isEqualTo(1);
    assertThat(r.cohort(0)).hasSize(25);
    assertThat(release(26, 25, 1).cohorts()).isEqualTo(2);
  }

  @Test
  void sameSeed_sameCohorts_otherSeed_otherCohorts() {
    int[][] a = HierarchicalRelease.partition(50, 4, RandomSource.seeded(1));
    int[][] b = HierarchicalRelease.partition(50, 4, RandomSource.seeded(1));
    int[][] c = HierarchicalRelease.partition(50, 4, RandomSource.seeded(2));
    assertThat(a).isDeepEqualTo(b);
    assertThat(Arrays.deepEquals(a, c)).isFalse();
  }

  @Test
  void everyCohortFollowsOnePlan_withNoiseSharesSizedForThePopulation() {
    int population = 400;
    PrivacySettings p = privacy(0.75, 0.2);
    HierarchicalRelease r =
        HierarchicalRelease.plan(1, 0, DIM, p, 32, population, 100, RandomSource.seeded(3));
    RoundPlan plan = r.plan();
    assertThat(r.cohorts()).isEqualTo(4);
    assertThat(plan).isEqualTo(ReleaseCalibration.plan(1, 0, DIM, p, 32, population, population));
    assertThat(plan.cohortSize()).isEqualTo(population);
    assertThat(plan.minSurvivors()).isEqualTo(300);
    // Each device's variance is the total over the honest devices among the minimum survivors of
    // all cohorts together: 300 - floor(0.2 * 300) = 240, not a cohort's 100.
    double total = Z * plan.sensitivity() * Z * plan.sensitivity();
    assertThat(plan.deviceNoiseSigma() * plan.deviceNoiseSigma())
        .isCloseTo(total / 240, within(total * 1e-12));
  }

  @Test
  void noiseVariance_atTheMinimumSurvivors_isExactlyWhatTheAccountantCharges_andLessBelow() {
    HierarchicalRelease r = release(400, 100, 0.75);
    RoundPlan plan = r.plan();
    double charged = Math.pow(Z * plan.sensitivity(), 2);
    assertThat(r.noiseVariance(plan.minSurvivors())).isCloseTo(charged, within(charged * 1e-12));
    assertThat(r.noiseVariance(400)).isGreaterThan(charged * 1.3);
    assertThat(r.noiseVariance(plan.minSurvivors() - 5)).isLessThan(charged);
    assertThat(r.cohortNoiseMultiplier(plan.minSurvivors())).isCloseTo(Z, within(1e-12));
  }

  @Test
  void aCohortSumAlone_hasTheNoiseOfItsOwnDevicesOnly() {
    HierarchicalRelease r = release(400, 100, 1);
    // 100 counted of a population whose shares were sized for 400: z * sqrt(80/320).
    assertThat(r.cohortNoiseMultiplier(100)).isCloseTo(Z / 2, within(1e-12));
  }

  @Test
  void total_isTheCohortSumsAddedModuloTheModulus_withTheirCounts() {
    HierarchicalRelease r = release(12, 4, 0.5);
    long top = 0xFFFF_FFF0L;
    r.accept(0, new long[] {top, 1, 2, 3, 4, 5}, 4);
    r.abort(1);
    r.accept(2, new long[] {0x20, 10, 20, 30, 40, 50}, 3);
    HierarchicalRelease.Total t = r.finish();
    assertThat(t.sum()).containsExactly(0x10, 11, 22, 33, 44, 55);
    assertThat(t.counted()).isEqualTo(7);
    assertThat(t.abortedCohorts()).isEqualTo(1);
    assertThat(r.counted()).isEqualTo(7);
  }

  @Test
  void aCohortThatAborts_isCarriedByTheOthers_whileTheMinimumSurvivorsAreCounted() {
    HierarchicalRelease r = release(12, 4, 0.5); // 3 cohorts of 4, min survivors 6
    assertThat(r.plan().minSurvivors()).isEqualTo(6);
    r.abort(0);
    r.accept(1, new long[DIM], 4);
    r.accept(2, new long[DIM], 2);
    assertThat(r.finish().counted()).isEqualTo(6);
  }

  @Test
  void tooFewCountedOverTheFinishedCohorts_refusesTheRelease() {
    HierarchicalRelease r = release(12, 4, 0.5);
    r.abort(0);
    r.accept(1, new long[DIM], 4);
    r.accept(2, new long[DIM], 1);
    assertThatThrownBy(r::finish)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("only 5 devices were counted")
        .hasMessageContaining("fewer than the 6");
    assertThatThrownBy(r::finish).hasMessageContaining("finished already");
  }

  @Test
  void finish_beforeEveryCohortReported_isRefused() {
    HierarchicalRelease r = release(12, 4, 0.5);
    r.accept(0, new long[DIM], 4);
    r.accept(2, new long[DIM], 4);
    assertThatThrownBy(r::finish).hasMessageContaining("cohort 1 has not reported");
    r.abort(1);
    assertThat(r.finish().counted()).isEqualTo(8);
  }

  @Test
  void aCohortReportsOnce_andNothingAfterTheFinish() {
    HierarchicalRelease r = release(6, 3, 0.5);
    r.accept(0, new long[DIM], 3);
    assertThatThrownBy(() -> r.accept(0, new long[DIM], 3))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cohort 0 has reported already");
    assertThatThrownBy(() -> r.abort(0)).hasMessageContaining("reported already");
    r.accept(1, new long[DIM], 3);
    r.finish();
    assertThatThrownBy(() -> r.abort(1)).hasMessageContaining("finished already");
  }

  @Test
  void badReports_areRefused_andLeaveTheCohortOpen() {
    HierarchicalRelease r = release(6, 3, 0.5);
    assertThatThrownBy(() -> r.accept(0, new long[DIM - 1], 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must have 6 entries");
    assertThatThrownBy(() -> r.accept(0, null, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> r.accept(0, new long[DIM], 4))
        .hasMessageContaining("its count must be in [1, 3], was 4");
    assertThatThrownBy(() -> r.accept(0, new long[DIM], 0))
        .hasMessageContaining("its count must be in [1, 3], was 0");
    assertThatThrownBy(() -> r.accept(2, new long[DIM], 1))
        .hasMessageContaining("cohort must be in [0, 2), was 2");
    assertThatThrownBy(() -> r.abort(-1)).hasMessageContaining("was -1");
    assertThatThrownBy(() -> r.cohort(2)).isInstanceOf(IllegalArgumentException.class);
    r.accept(0, new long[DIM], 3);
    r.accept(1, new long[DIM], 1);
    assertThat(r.finish().counted()).isEqualTo(4);
  }

  @Test
  void theCohortsAndTheTotal_areCopies() {
    HierarchicalRelease r = release(6, 3, 0.5);
    r.cohort(0)[0] = 99;
    assertThat(r.cohort(0)[0]).isNotEqualTo(99);
    long[] s = {1, 2, 3, 4, 5, 6};
    r.accept(0, s, 3);
    s[0] = 100;
    r.abort(1);
    HierarchicalRelease.Total t = r.finish();
    t.sum()[1] = 100;
    assertThat(t.sum()).containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  void badPlans_areRefused() {
    PrivacySettings p = privacy(1, 0.2);
    RandomSource rnd = RandomSource.seeded(1);
    assertThatThrownBy(() -> HierarchicalRelease.plan(1, 0, DIM, p, 32, 10, 2, rnd))
        .hasMessageContaining("maxCohortSize must be >= 3, was 2");
    assertThatThrownBy(() -> HierarchicalRelease.plan(1, 0, DIM, p, 32, 2, 3, rnd))
        .hasMessageContaining("population must be >= 3, was 2");
    assertThatThrownBy(() -> HierarchicalRelease.plan(1, 0, DIM, p, 32, 5, 3, rnd))
        .hasMessageContaining("cannot be split into cohorts of 3 or more");
    assertThatThrownBy(() -> HierarchicalRelease.plan(1, 0, DIM, null, 32, 5, 3, rnd))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HierarchicalRelease.plan(1, 0, DIM, p, 32, 5, 3, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(HierarchicalRelease.plan(1, 0, DIM, p, 32, 6, 3, rnd).cohorts()).isEqualTo(2);
    RoundPlan plan = ReleaseCalibration.plan(1, 0, DIM, p, 32, 10, 10);
    assertThatThrownBy(() -> HierarchicalRelease.of(plan, privacy(1, 0.2), 5, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HierarchicalRelease.of(null, p, 5, rnd))
        .isInstanceOf(IllegalArgumentException.class);
    PrivacySettings otherZ = new PrivacySettings(1, Z * 2, PrivacySettings.NoiseAt.DEVICES, 1, 0.2);
    assertThatThrownBy(() -> HierarchicalRelease.of(plan, otherZ, 5, rnd))
        .hasMessageContaining("was not made with these privacy settings");
    PrivacySettings otherC = new PrivacySettings(2, Z, PrivacySettings.NoiseAt.DEVICES, 1, 0.2);
    assertThatThrownBy(() -> HierarchicalRelease.of(plan, otherC, 5, rnd))
        .hasMessageContaining("was not made with these privacy settings");
    assertThat(HierarchicalRelease.of(plan, p, 5, rnd).plan()).isSameAs(plan);
    assertThat(HierarchicalRelease.plan(1, 0, DIM, p, 32, 3, 3, rnd).cohorts()).isEqualTo(1);
  }
}
