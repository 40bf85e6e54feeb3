package dev.tacit.federated.server.cooccurrence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tacit.federated.PrivacySettings;
import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.cooccurrence.CooccurrenceConfig;
import dev.tacit.federated.cooccurrence.CooccurrenceDevice;
import dev.tacit.federated.cooccurrence.CooccurrenceModel;
import dev.tacit.federated.cooccurrence.Head;
import dev.tacit.federated.server.BudgetExceededException;
import dev.tacit.federated.server.ReleaseCalibration;
import dev.tacit.privacy.accounting.NoiseCalibrator;
import dev.tacit.privacy.random.RandomSource;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CooccurrenceServerTest {
  private static final int ITEMS = 50;
  private static final int USERS = 200;
  private static final double DELTA = 1e-5;

  private static int[][] population(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[][] items = new int[USERS][];
    for (int u = 0; u < USERS; u++) {
      java.util.List<Integer> list = new java.util.ArrayList<>();
      for (int i = 0; i < ITEMS; i++) {
        // Popular low indices; users of even index favour even items.
        double p = 0.5 / (1 + i / 5.0) * ((u + i) % 2 == 0 ? 1.6 : 0.4);
        if (r.nextDouble() < p) {
          list.add(i);
        }
      }
      items[u] = list.stream().mapToInt(Integer::intValue).toArray();
    }
    return items;
  }

  private static long[] sum(long[][] parts, RoundPlan plan) {
    long[] s = new long[plan.dimension()];
    for (long[] p : parts) {
      for (int j = 0; j < s.length; j++) {
        s[j] += p[j];
      }
    }
    for (int j = 0; j < s.length; j++) {
      s[j] &= plan.mask();
    }
    return s;
  }

  private static CooccurrenceModel train(CooccurrenceServer server, int[][] items) {
    RoundPlan p1 = server.planPopularity(USERS);
    long[][] c1 = new long[USERS][];
    for (int u = 0; u < USERS; u++) {
      c1[u] =
          CooccurrenceDevice.contributePopularity(items[u], ITEMS, p1, RandomSource.seeded(u))
              .encoded();
    }
    Head head = server.finishPopularity(p1, sum(c1, p1), USERS, RandomSource.seeded(-1));
    RoundPlan p2 = server.planCooccurrence(USERS);
    long[][] c2 = new long[USERS][];
    for (int u = 0; u < USERS; u++) {
      c2[u] =
          CooccurrenceDevice.contributeCooccurrence(items[u], head, p2, RandomSource.seeded(~u))
              .encoded();
    }
    return server.finishCooccurrence(p2, sum(c2, p2), USERS, RandomSource.seeded(-2));
  }

  @Test
  void accountantEpsilonOfTheTwoReleases_matchesAnIndependentComputation() {
    CooccurrenceConfig config = CooccurrenceConfig.defaults().withPopularityShare(0.2);
    double z = 0.9;
    CooccurrenceConfig.Releases releases =
        config.releases(z, PrivacySettings.NoiseAt.DEVICES, 1, 0.2);
    double z1 = releases.popularity().noiseMultiplier();
    double z2 = releases.cooccurrence().noiseMultiplier();
    assertThat(z1).isCloseTo(z / Math.sqrt(0.2), within(1e-12));
    assertThat(z2).isCloseTo(z / Math.sqrt(0.8), within(1e-12));
    CooccurrenceServer server =
        CooccurrenceServer.create(config, releases, ITEMS, USERS, Double.POSITIVE_INFINITY, DELTA);
    train(server, population(1));
    double charged = server.spent().epsilon();
    // Independently: two Gaussian mechanisms (no sampling) have RDP α/(2z₁²) + α/(2z₂²); the
    // conversion of Balle et al. (2020, Theorem 21), minimized over a fine grid of real orders.
    double rho = 0.5 * (1 / (z1 * z1) + 1 / (z2 * z2));
    double best = Double.POSITIVE_INFINITY;
    for (double a = 1.02; a < 2000; a *= 1.0005) {
      double eps = rho * a + Math.log((a - 1) / a) - (Math.log(DELTA) + Math.log(a)) / (a - 1);
      best = Math.min(best, eps);
    }
    // The accountant minimizes over fewer orders, so it may only be a little above.
    assertThat(charged).isGreaterThanOrEqualTo(best - 1e-9).isCloseTo(best, within(0.01 * best));
    assertThat(server.epsilonOfBoth()).isEqualTo(charged);
  }

  @Test
  void budgetSplit_composesBackToTheCalibratedEpsilon() {
    double z = NoiseCalibrator.noiseMultiplier(8, DELTA, 1, 1) * (1 + 1e-9);
    for (double share : new double[] {0.05, 0.3, 0.7}) {
      CooccurrenceConfig config = CooccurrenceConfig.defaults().withPopularityShare(share);
      CooccurrenceServer server =
          CooccurrenceServer.create(
              config,
              config.releases(z, PrivacySettings.NoiseAt.DEVICES, 1, 0.2),
              ITEMS,
              USERS,
              8,
              DELTA);
      assertThat(server.epsilonOfBoth()).isLessThanOrEqualTo(8).isCloseTo(8, within(1e-4));
    }
  }

  @Test
  void releasesThatWouldExceedTheBudget_areRefusedBeforeAnything() {
    CooccurrenceConfig config = CooccurrenceConfig.defaults();
    CooccurrenceServer server =
        CooccurrenceServer.create(
            config,
            config.releases(0.5, PrivacySettings.NoiseAt.DEVICES, 1, 0.2),
            ITEMS,
            USERS,
            4,
            DELTA);
    assertThatThrownBy(() -> server.planPopularity(USERS))
        .isInstanceOf(BudgetExceededException.class);
    assertThat(server.spent().epsilon()).isZero();
  }

  @Test
  void releasesOutOfOrder_areRefused() {
    CooccurrenceConfig config = CooccurrenceConfig.defaults();
    CooccurrenceServer server =
        CooccurrenceServer.create(
            config,
            config.releases(0, PrivacySettings.NoiseAt.DEVICES, 1, 0),
            ITEMS,
            USERS,
            Double.POSITIVE_INFINITY,
            DELTA);
    assertThatThrownBy(() -> server.planCooccurrence(USERS))
        .isInstanceOf(IllegalStateException.class);
    RoundPlan p1 = server.planPopularity(USERS);
    assertThatThrownBy(() -> server.planPopularity(USERS))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> server.finishPopularity(p1, new long[3], USERS, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> server.model()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void withoutNoise_theHeadIsTheTruePopularity_andTheModelRecoversTheCooccurrence() {
    int[][] items = population(2);
    CooccurrenceConfig config = CooccurrenceConfig.defaults().withMaxHead(20);
    CooccurrenceServer server =
        CooccurrenceServer.create(
            config,
            config.releases(0, PrivacySettings.NoiseAt.DEVICES, 1, 0),
            ITEMS,
            USERS,
            Double.POSITIVE_INFINITY,
            DELTA);
    CooccurrenceModel model = train(server, items);
    double[] truePopularity = new double[ITEMS];
    for (int[] row : items) {
      for (int i : row) {
        truePopularity[i] += 1 / Math.max(1, Math.sqrt(row.length));
      }
    }
    double[] released = model.head().popularity();
    for (int i = 0; i < ITEMS; i++) {
      assertThat(released[i]).isCloseTo(truePopularity[i], within(1e-3));
    }
    assertThat(model.head().size()).isEqualTo(20);
    assertThat(server.spent().epsilon()).isInfinite();
    // The even/odd structure: an even-item history ranks the unseen even items first.
    int[] history = {0, 2, 4};
    double[] s = model.headScores(history);
    int best = -1;
    for (int p = 0; p < model.head().size(); p++) {
      int item = model.head().item(p);
      if (item != 0 && item != 2 && item != 4 && (best < 0 || s[p] > s[best])) {
        best = p;
      }
    }
    assertThat(model.head().item(best) % 2).isZero();
  }

  @Test
  void theNoiselessPlanOfAHeadOf40_isTheOneTheDeviceTestsEncodeWith() {
    // tacit-federated's CooccurrenceDeviceTest.noiselessPlan() spells this plan out.
    int dimension = Head.triangleSize(40);

    RoundPlan plan =
        ReleaseCalibration.plan(2, 1, dimension, PrivacySettings.none(1), 32, 100, 100);

    assertThat(plan)
        .isEqualTo(
            new RoundPlan(
                2,
                1,
                dimension,
                1,
                0x1p24,
                32,
                0,
                0,
                0x1p24 + Math.sqrt(dimension),
                0,
                100,
                100,
                100));
  }
}
